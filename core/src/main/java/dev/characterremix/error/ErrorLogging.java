package dev.characterremix.error;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Failure lines that carry the error type as a field of their own ({@code mdc.errorType} in JSON log lines), so
 * Logs Insights can count failures by type without parsing messages.
 */
public final class ErrorLogging {

    /** The logging context key of the error type, e.g. {@code ValidationError}. */
    public static final String ERROR_TYPE = "errorType";

    private ErrorLogging() {
    }

    public static void warn(Logger log, String errorType, String format, Object... params) {
        MDC.put(ERROR_TYPE, errorType);
        try {
            log.warnf(format, params);
        } finally {
            MDC.remove(ERROR_TYPE);
        }
    }
}

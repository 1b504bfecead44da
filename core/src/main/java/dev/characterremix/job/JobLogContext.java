package dev.characterremix.job;

import org.jboss.logging.MDC;

/**
 * Names a fal job in the logging context ({@value RemixService#FAL_REQUEST_ID}, a structured field in JSON logs) for
 * as long as it is open, and puts back what was there before: every line logged for a job, from its submit on, says
 * which job it is.
 */
final class JobLogContext implements AutoCloseable {

    private final Object outer;

    private JobLogContext(String falRequestId) {
        this.outer = MDC.get(RemixService.FAL_REQUEST_ID);
        MDC.put(RemixService.FAL_REQUEST_ID, falRequestId);
    }

    static JobLogContext of(String falRequestId) {
        return new JobLogContext(falRequestId);
    }

    @Override
    public void close() {
        if (outer == null) {
            MDC.remove(RemixService.FAL_REQUEST_ID);
        } else {
            MDC.put(RemixService.FAL_REQUEST_ID, outer);
        }
    }
}

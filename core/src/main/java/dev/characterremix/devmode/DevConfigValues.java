package dev.characterremix.devmode;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/** DEV MODE ONLY: what the dev-mode config factories read of the developer's own configuration. */
public final class DevConfigValues {

    private DevConfigValues() {
    }

    /** A property's value as the developer set it; null when unset or blank. */
    public static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }

    /**
     * Whether dev mode runs against the embedded fal stand-in: the dev profile, with no fal key, key secret or queue
     * URL of the developer's.
     */
    public static boolean falStandIn(ConfigSourceContext context) {
        return context.getProfiles().contains("dev") && value(context, "fal.key") == null
                && value(context, "fal.key-secret-arn") == null && value(context, "fal.queue-url") == null;
    }
}

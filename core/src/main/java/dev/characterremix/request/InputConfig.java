package dev.characterremix.request;

import dev.characterremix.request.constraints.ImageReferencePolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What image references a request may carry. */
@ConfigMapping(prefix = "remix.input")
public interface InputConfig {

    /** Accept plain {@code http} image URLs as well as {@code https} (env REMIX_INPUT_ALLOW_HTTP). Default false. */
    @WithDefault("false")
    boolean allowHttp();

    /** The longest image URL accepted, in characters. Default 2048. */
    @WithDefault("2048")
    int maxUrlLength();

    /** The largest decoded {@code data:} URI accepted, in bytes. Default 10485760 (10 MiB, fal's limit). */
    @WithDefault("10485760")
    long maxDataUriBytes();

    default ImageReferencePolicy imageReferencePolicy() {
        return new ImageReferencePolicy(allowHttp(), maxUrlLength(), maxDataUriBytes());
    }
}

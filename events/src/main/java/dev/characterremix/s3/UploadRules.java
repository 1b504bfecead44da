package dev.characterremix.s3;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import dev.characterremix.request.InputConfig;
import dev.characterremix.request.RequestRules;
import dev.characterremix.request.constraints.ImageReferencePolicy;

/**
 * What an upload's request may hold beyond what a caller's may: the presigned URLs this function hands fal for the
 * bucket's objects (they carry the function's session token and run past the 2048 characters allowed to callers),
 * and {@code sync_mode}, since the images are stored rather than answered.
 */
@Singleton
public class UploadRules {

    /** The name of the produced rules. */
    public static final String NAME = "uploads";
    /** The longest presigned URL accepted. */
    static final int PRESIGNED_URL_MAX_LENGTH = 8192;

    @Produces
    @Named(NAME)
    @Singleton
    RequestRules rules(InputConfig input) {
        return new RequestRules(new ImageReferencePolicy(input.allowHttp(),
                Math.max(input.maxUrlLength(), PRESIGNED_URL_MAX_LENGTH), input.maxDataUriBytes()), true);
    }
}

package dev.characterremix.request;

import dev.characterremix.request.constraints.ImageReferencePolicy;

/**
 * What a trigger accepts beyond fal's schema, where triggers differ: the image references it takes, and whether
 * {@code sync_mode} may be asked for. A trigger that answers with the result (direct invocation, the HTTP API, the fal
 * proxy) refuses {@code sync_mode}: its images would come back inside the answer as data URIs, and Lambda refuses an
 * answer over 6 MB, so the paid job would be lost to the caller. A trigger that stores the images (S3 uploads)
 * accepts it.
 *
 * @param references the image reference rules
 * @param syncModeAllowed whether {@code sync_mode: true} is accepted
 */
public record RequestRules(ImageReferencePolicy references, boolean syncModeAllowed) {
}

package dev.characterremix.request.constraints;

/**
 * What {@link ImageReference} accepts, handed to the validator as Hibernate Validator's constraint validator payload
 * so the rule follows configuration without the validator needing CDI.
 *
 * @param allowHttp accept plain {@code http} URLs (for a private network or a local stand-in); https only otherwise
 * @param maxUrlLength the longest URL accepted, in characters
 * @param maxDataUriBytes the largest decoded size of a {@code data:} URI, in bytes (fal limits reference images to
 *        10 MB in total)
 */
public record ImageReferencePolicy(boolean allowHttp, int maxUrlLength, long maxDataUriBytes) {

    /** https only, URLs up to 2048 characters, data URIs up to 10 MiB decoded. */
    public static final ImageReferencePolicy DEFAULT = new ImageReferencePolicy(false, 2048, 10L * 1024 * 1024);
}

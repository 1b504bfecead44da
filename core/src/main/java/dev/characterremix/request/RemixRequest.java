package dev.characterremix.request;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.characterremix.request.constraints.ImageReference;
import dev.characterremix.request.constraints.NotBlankText;
import dev.characterremix.request.constraints.StyleCodesExclusive;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The input of fal's {@code fal-ai/ideogram/character/remix}, field for field under fal's JSON names. Unset fields are
 * left out of what is sent, so fal applies its own defaults (listed on each component).
 *
 * @param prompt the scene to put the character in; required
 * @param imageUrl the image to remix; required
 * @param referenceImageUrls the character reference images; required, at least one, and fal uses only the first
 * @param referenceMaskUrls masks for the character reference; fal uses only the first
 * @param imageUrls style reference images; cannot be combined with {@code style_codes}
 * @param strength how far the remix may move from {@code image_url}, 0.01–1; fal's default 0.8
 * @param renderingSpeed TURBO, BALANCED or QUALITY; fal's default BALANCED
 * @param style AUTO, REALISTIC or FICTION; fal's default AUTO; cannot be combined with {@code style_codes}
 * @param styleCodes 8-hex-character style codes; cannot be combined with {@code style} or {@code image_urls}
 * @param colorPalette a preset palette name or explicit members
 * @param expandPrompt whether fal's MagicPrompt expands the prompt; fal's default true
 * @param numImages how many images, 1–8; fal's default 1
 * @param seed seed for reproducible results, 0–2147483647; fal picks one when absent
 * @param syncMode return images as data URIs instead of fal media URLs; fal's default false
 * @param imageSize a preset name or {width, height}; fal's default square_hd
 * @param negativePrompt what to leave out; the prompt wins a conflict; fal's default empty
 */
@RegisterForReflection
@StyleCodesExclusive
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RemixRequest(
        @NotNull(message = "is required") @Size(max = 10_000,
                message = "must be at most 10000 characters") @NotBlankText @Schema(
                        description = "The scene to put the character in") String prompt,
        @NotNull(message = "is required") @ImageReference @Schema(
                description = IMAGE + " The image to remix.") String imageUrl,
        @NotNull(message = "is required") @Size(min = 1,
                message = "must contain at least one image (only the first is used)") @Schema(
                        description = "Character reference images; fal uses only the first. " + IMAGE) List<@NotNull(
                                message = "must not be null") @ImageReference String> referenceImageUrls,
        List<@NotNull(message = "must not be null") @ImageReference String> referenceMaskUrls,
        List<@NotNull(message = "must not be null") @ImageReference String> imageUrls,
        @DecimalMin(value = "0.01", message = "must be between 0.01 and 1") @DecimalMax(value = "1",
                message = "must be between 0.01 and 1") @Schema(defaultValue = "0.8",
                        description = "How far the remix may move from image_url") Double strength,
        @Schema(defaultValue = "BALANCED") RenderingSpeed renderingSpeed,
        @Schema(defaultValue = "AUTO", description = "Cannot be combined with style_codes") Style style,
        @Size(min = 1,
                message = "must not be empty when present") List<@NotNull(message = "must not be null") @Pattern(
                        regexp = "[0-9A-Fa-f]{8}",
                        message = "must be exactly 8 hexadecimal characters") String> styleCodes,
        @Valid ColorPalette colorPalette,
        @Schema(defaultValue = "true", description = "fal's MagicPrompt") Boolean expandPrompt,
        @Min(value = 1, message = "must be between 1 and 8") @Max(value = 8,
                message = "must be between 1 and 8") @Schema(defaultValue = "1") Integer numImages,
        @Min(value = 0, message = "must be between 0 and 2147483647") @Max(value = Integer.MAX_VALUE,
                message = "must be between 0 and 2147483647") Long seed,
        @Schema(defaultValue = "false",
                description = "Return images as data URIs, not kept in fal's history") Boolean syncMode,
        @Valid @Schema(defaultValue = "square_hd") ImageSize imageSize,
        @Size(max = 10_000,
                message = "must be at most 10000 characters") @Schema(defaultValue = "") String negativePrompt) {

    private static final String IMAGE = "An https URL, or a base64 data: URI of image/png, image/jpeg or image/webp.";

    /** The rendering speed fal runs (and bills) the job at: the one asked for, or fal's default, BALANCED. */
    public RenderingSpeed speedOrDefault() {
        return renderingSpeed == null ? RenderingSpeed.BALANCED : renderingSpeed;
    }

    /** The images fal makes (and bills): as many as asked for, or fal's default, one. */
    public int imagesOrDefault() {
        return numImages == null ? 1 : numImages;
    }

    /** A request with only the three required fields; everything else is left to fal's defaults. */
    public static RemixRequest of(String prompt, String imageUrl, List<String> referenceImageUrls) {
        return new RemixRequest(prompt, imageUrl, referenceImageUrls, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }
}

package dev.characterremix.request;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.characterremix.request.constraints.ImageReference;
import dev.characterremix.request.constraints.StyleCodesExclusive;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

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
        @NotBlank(message = "must not be blank") @Size(max = 10_000, message = "must be at most {max} characters")
        String prompt,
        @NotNull(message = "is required") @ImageReference
        String imageUrl,
        @NotEmpty(message = "must contain at least one image (only the first is used)")
        List<@NotNull(message = "must not be null") @ImageReference String> referenceImageUrls,
        List<@NotNull(message = "must not be null") @ImageReference String> referenceMaskUrls,
        List<@NotNull(message = "must not be null") @ImageReference String> imageUrls,
        @DecimalMin(value = "0.01", message = "must be between 0.01 and 1")
        @DecimalMax(value = "1", message = "must be between 0.01 and 1")
        Double strength,
        RenderingSpeed renderingSpeed,
        Style style,
        @Size(min = 1, message = "must not be empty when present")
        List<@NotNull(message = "must not be null")
             @Pattern(regexp = "[0-9A-Fa-f]{8}", message = "must be exactly 8 hexadecimal characters") String> styleCodes,
        @Valid
        ColorPalette colorPalette,
        Boolean expandPrompt,
        @Range(min = 1, max = 8, message = "must be between {min} and {max}")
        Integer numImages,
        @Range(min = 0, max = Integer.MAX_VALUE, message = "must be between {min} and {max}")
        Long seed,
        Boolean syncMode,
        @Valid
        ImageSize imageSize,
        @Size(max = 10_000, message = "must be at most {max} characters")
        String negativePrompt) {

    /** A request with only the three required fields; everything else is left to fal's defaults. */
    public static RemixRequest of(String prompt, String imageUrl, List<String> referenceImageUrls) {
        return new RemixRequest(prompt, imageUrl, referenceImageUrls, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }
}

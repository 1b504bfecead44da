package dev.characterremix.request;

import static dev.characterremix.request.Requests.accept;
import static dev.characterremix.request.Requests.json;
import static dev.characterremix.request.Requests.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;
import dev.characterremix.request.constraints.ImageReferencePolicy;

class RemixRequestValidationTest {

    @Test
    void acceptsFalsRequiredOnlyExampleUnchanged() {
        RemixRequest request = accept(minimal());
        assertThat(request.prompt()).startsWith("A glamorous portrait photograph");
        assertThat(request.referenceImageUrls()).hasSize(1);
    }

    @Test
    void acceptsFalsFullExampleUnchanged() {
        RemixRequest request = accept(Requests.full());
        assertThat(request.strength()).isEqualTo(0.8);
        assertThat(request.renderingSpeed()).isEqualTo(RenderingSpeed.BALANCED);
        assertThat(request.style()).isEqualTo(Style.AUTO);
        assertThat(request.imageSize()).isEqualTo(ImageSize.of(ImageSizePreset.SQUARE_HD));
        assertThat(request.expandPrompt()).isTrue();
        assertThat(request.numImages()).isEqualTo(1);
    }

    @Test
    void rejectsAnEmptyRequestNamingEveryRequiredField() {
        assertThat(violations(json("{}"))).containsExactly(
                "image_url: is required",
                "prompt: is required",
                "reference_image_urls: is required");
    }

    @Test
    void rejectsBlankPrompt() {
        assertThat(violations(minimal().put("prompt", "   ")))
                .containsExactly("prompt: must not be blank (got \"   \")");
    }

    @Test
    void rejectsPromptsLongerThanTenThousandCharacters() {
        assertThat(violations(minimal().put("prompt", "p".repeat(10_001)))).containsExactly(
                "prompt: must be at most 10000 characters (got \"" + "p".repeat(80) + "…(10001 chars)\")");
        assertThat(accept(minimal().put("prompt", "p".repeat(10_000))).prompt()).hasSize(10_000);
    }

    @Test
    void rejectsEmptyCharacterReferences() {
        ObjectNode request = minimal();
        request.putArray("reference_image_urls");
        assertThat(violations(request))
                .containsExactly("reference_image_urls: must contain at least one image (only the first is used)");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 9, -1 })
    void rejectsNumImagesOutsideOneToEight(int numImages) {
        assertThat(violations(minimal().put("num_images", numImages)))
                .containsExactly("num_images: must be between 1 and 8 (got " + numImages + ")");
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 8 })
    void acceptsNumImagesAtTheBounds(int numImages) {
        assertThat(accept(minimal().put("num_images", numImages)).numImages()).isEqualTo(numImages);
    }

    /** The rejected number is echoed as JSON writes it: 2 stays 2 (not Java's 2.0), 0.0 is 0. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({ "0.0, 0", "0.009, 0.009", "1.01, 1.01", "2, 2", "1e1, 10" })
    void rejectsStrengthOutsideRangeEchoingTheNumber(String sent, String echoed) {
        assertThat(violations(minimal().put("strength", new java.math.BigDecimal(sent))))
                .containsExactly("strength: must be between 0.01 and 1 (got " + echoed + ")");
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0.01, 1.0 })
    void acceptsStrengthAtTheBounds(double strength) {
        assertThat(accept(minimal().put("strength", strength)).strength()).isEqualTo(strength);
    }

    @Test
    void rejectsUnknownRenderingSpeedListingTheChoices() {
        assertThat(violations(minimal().put("rendering_speed", "FAST"))).containsExactly(
                "rendering_speed: must be one of TURBO, BALANCED, QUALITY (got \"FAST\")");
    }

    @Test
    void rejectsStyleOfAnotherIdeogramEndpoint() {
        assertThat(violations(minimal().put("style", "GENERAL")))
                .containsExactly("style: must be one of AUTO, REALISTIC, FICTION (got \"GENERAL\")");
    }

    @Test
    void rejectsEnumGivenAsNumber() {
        assertThat(violations(minimal().put("style", 1)))
                .containsExactly("style: must be one of AUTO, REALISTIC, FICTION (got 1)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "square_hd", "square", "portrait_4_3", "portrait_16_9", "landscape_4_3",
            "landscape_16_9" })
    void acceptsEveryImageSizePreset(String preset) {
        assertThat(accept(minimal().put("image_size", preset)).imageSize().preset().wireName()).isEqualTo(preset);
    }

    @Test
    void rejectsUnknownImageSizePreset() {
        assertThat(violations(minimal().put("image_size", "huge"))).containsExactly(
                "image_size: must be one of square_hd, square, portrait_4_3, portrait_16_9, landscape_4_3, "
                        + "landscape_16_9 or an object {width, height} (got \"huge\")");
    }

    @Test
    void acceptsCustomImageSize() {
        ObjectNode request = minimal();
        request.putObject("image_size").put("width", 1024).put("height", 768);
        assertThat(accept(request).imageSize()).isEqualTo(ImageSize.of(1024, 768));
    }

    @Test
    void rejectsCustomImageSizeOutOfBounds() {
        ObjectNode request = minimal();
        request.putObject("image_size").put("width", 0).put("height", 14143);
        assertThat(violations(request)).containsExactly(
                "image_size.height: must be between 1 and 14142 (got 14143)",
                "image_size.width: must be between 1 and 14142 (got 0)");
    }

    @Test
    void rejectsStyleCodesThatAreNotEightHexCharacters() {
        ObjectNode request = minimal();
        request.putArray("style_codes").add("0A1b2C3d").add("xyz").add("123456789");
        assertThat(violations(request)).containsExactly(
                "style_codes[1]: must be exactly 8 hexadecimal characters (got \"xyz\")",
                "style_codes[2]: must be exactly 8 hexadecimal characters (got \"123456789\")");
    }

    @Test
    void rejectsStyleCodesWithStyle() {
        ObjectNode request = minimal().put("style", "AUTO");
        request.putArray("style_codes").add("0A1B2C3D");
        assertThat(violations(request)).containsExactly("style_codes: cannot be combined with style");
    }

    @Test
    void rejectsStyleCodesWithStyleImages() {
        ObjectNode request = minimal();
        request.putArray("style_codes").add("0A1B2C3D");
        request.putArray("image_urls").add("https://example.com/style.png");
        assertThat(violations(request))
                .containsExactly("style_codes: cannot be combined with image_urls (style reference images)");
    }

    @Test
    void acceptsStyleCodesAlone() {
        ObjectNode request = minimal();
        request.putArray("style_codes").add("0A1B2C3D");
        assertThat(accept(request).styleCodes()).containsExactly("0A1B2C3D");
    }

    @Test
    void acceptsPresetPalette() {
        ObjectNode request = minimal();
        request.putObject("color_palette").put("name", "EMBER");
        assertThat(accept(request).colorPalette().name()).isEqualTo(PaletteName.EMBER);
    }

    @Test
    void acceptsPaletteMembers() {
        ObjectNode request = minimal();
        request.putObject("color_palette").putArray("members").addObject().put("color_weight", 0.05)
                .putObject("rgb").put("r", 0).put("g", 128).put("b", 255);
        assertThat(accept(request).colorPalette().members()).hasSize(1);
    }

    @Test
    void rejectsPaletteWithBothNameAndMembers() {
        ObjectNode request = minimal();
        ObjectNode palette = request.putObject("color_palette").put("name", "EMBER");
        palette.putArray("members").addObject().putObject("rgb").put("r", 1);
        assertThat(violations(request)).containsExactly("color_palette: must set exactly one of name or members");
    }

    @Test
    void rejectsPaletteWithNeitherNameNorMembers() {
        ObjectNode request = minimal();
        request.putObject("color_palette");
        assertThat(violations(request)).containsExactly("color_palette: must set exactly one of name or members");
    }

    @Test
    void rejectsUnknownPaletteName() {
        ObjectNode request = minimal();
        request.putObject("color_palette").put("name", "NEON");
        assertThat(violations(request)).containsExactly(
                "color_palette.name: must be one of EMBER, FRESH, JUNGLE, MAGIC, MELON, MOSAIC, PASTEL, ULTRAMARINE "
                        + "(got \"NEON\")");
    }

    @Test
    void rejectsPaletteMembersOutOfRange() {
        ObjectNode request = minimal();
        var members = request.putObject("color_palette").putArray("members");
        members.addObject().put("color_weight", 1.5).putObject("rgb").put("r", 256).put("g", -1).put("b", 0);
        members.addObject().put("color_weight", 0.04);
        assertThat(violations(request)).containsExactly(
                "color_palette.members[0].color_weight: must be between 0.05 and 1 (got 1.5)",
                "color_palette.members[0].rgb.g: must be between 0 and 255 (got -1)",
                "color_palette.members[0].rgb.r: must be between 0 and 255 (got 256)",
                "color_palette.members[1].color_weight: must be between 0.05 and 1 (got 0.04)",
                "color_palette.members[1].rgb: is required");
    }

    @Test
    void rejectsSeedOutsideIdeogramsRange() {
        assertThat(violations(minimal().put("seed", -1)))
                .containsExactly("seed: must be between 0 and 2147483647 (got -1)");
        assertThat(violations(minimal().put("seed", 2_147_483_648L)))
                .containsExactly("seed: must be between 0 and 2147483647 (got 2147483648)");
    }

    @Test
    void rejectsPlainHttpImageUrlUnlessAllowed() {
        ObjectNode request = minimal().put("image_url", "http://images.example.com/a.png");
        assertThat(violations(request)).containsExactly(
                "image_url: must use https (plain http is not allowed) (got \"http://images.example.com/a.png\")");
        assertThat(accept(request, new ImageReferencePolicy(true, 2048, 1024)).imageUrl())
                .isEqualTo("http://images.example.com/a.png");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "ftp://example.com/a.png", "file:///etc/passwd", "s3://bucket/key.png",
            "javascript:alert(1)", "example.com/a.png" })
    void rejectsImageReferencesThatAreNeitherHttpsNorDataUris(String url) {
        assertThat(violations(minimal().put("image_url", url))).containsExactly("image_url: must be an https URL or "
                + "a data: URI of image/png, image/jpeg or image/webp (got \"" + url + "\")");
    }

    @Test
    void rejectsImageUrlWithCredentialsOrWithoutHost() {
        assertThat(violations(minimal().put("image_url", "https://user:pw@example.com/a.png")))
                .containsExactly("image_url: must not contain credentials (got \"https://user:pw@example.com/a.png\")");
        assertThat(violations(minimal().put("image_url", "https:///a.png")))
                .containsExactly("image_url: must name a host (got \"https:///a.png\")");
    }

    @Test
    void rejectsAbsurdlyLongUrlsWithoutEchoingThemWhole() {
        String url = "https://example.com/" + "a".repeat(3000) + ".png";
        assertThat(violations(minimal().put("image_url", url))).containsExactly("image_url: must be at most 2048 "
                + "characters (got \"https://example.com/" + "a".repeat(60) + "…(3024 chars)\")");
    }

    @ParameterizedTest
    @ValueSource(strings = { "data:image/png;base64,iVBORw0KGgo=", "data:image/jpeg;base64,/9j/4AAQ",
            "DATA:IMAGE/WEBP;BASE64,UklGRg==" })
    void acceptsBase64DataUrisOfSupportedImageTypes(String uri) {
        assertThat(accept(minimal().put("image_url", uri)).imageUrl()).isEqualTo(uri);
    }

    @Test
    void rejectsDataUrisOfOtherTypesOrEncodings() {
        assertThat(violations(minimal().put("image_url", "data:image/gif;base64,R0lGODlh"))).containsExactly(
                "image_url: must be a base64 data: URI of image/png, image/jpeg or image/webp "
                        + "(got \"data:image/gif;base64,R0lGODlh\")");
        assertThat(violations(minimal().put("image_url", "data:image/png,rawbytes"))).containsExactly(
                "image_url: must be a base64 data: URI of image/png, image/jpeg or image/webp "
                        + "(got \"data:image/png,rawbytes\")");
        assertThat(violations(minimal().put("image_url", "data:image/png;base64,@@@@")))
                .containsExactly("image_url: must carry valid base64 data (got \"data:image/png;base64,@@@@\")");
    }

    @Test
    void rejectsDataUrisLargerThanTheLimit() {
        ObjectNode request = minimal().put("image_url", "data:image/png;base64," + "A".repeat(32));
        assertThat(violations(request, new ImageReferencePolicy(false, 2048, 16))).containsExactly(
                "image_url: must decode to at most 16 bytes (got \"data:image/png;base64," + "A".repeat(32) + "\")");
    }

    @Test
    void namesTheIndexOfABadReferenceImage() {
        ObjectNode request = minimal();
        request.withArray("reference_image_urls").add("ftp://x/y.png");
        request.putArray("reference_mask_urls").addNull();
        assertThat(violations(request)).containsExactly(
                "reference_image_urls[1]: must be an https URL or a data: URI of image/png, image/jpeg or image/webp "
                        + "(got \"ftp://x/y.png\")",
                "reference_mask_urls[0]: must not be null");
    }

    @Test
    void oneErrorListsEveryViolation() {
        ObjectNode request = minimal().put("num_images", 12).put("strength", 2.0);
        request.remove("prompt");
        assertThatThrownBy(() -> accept(request)).isInstanceOfSatisfying(ValidationError.class, error -> {
            assertThat(error.source()).isEqualTo(ValidationError.Source.REQUEST);
            assertThat(error.getMessage()).isEqualTo("Invalid remix request: num_images: must be between 1 and 8 "
                    + "(got 12); prompt: is required; strength: must be between 0.01 and 1 (got 2)");
        });
    }

    static List<String> violations(JsonNode json) {
        return violations(json, ImageReferencePolicy.DEFAULT);
    }

    static List<String> violations(JsonNode json, ImageReferencePolicy policy) {
        try {
            accept(json, policy);
        } catch (ValidationError e) {
            return e.violations().stream().map(Violation::toString).toList();
        }
        throw new AssertionError("expected a ValidationError for " + json);
    }

    @Test
    void theOperatorsSpendLimitsAreRefusedBeforeFalNamingTheLimit() {
        SpendLimits cheap = dev.characterremix.testing.TestSpendLimits.perRequest(
                java.util.Set.of(RenderingSpeed.TURBO, RenderingSpeed.BALANCED), 2);
        RemixRequestValidator validator = new RemixRequestValidator(Requests.VALIDATORS,
                new RequestRules(dev.characterremix.request.constraints.ImageReferencePolicy.DEFAULT, true), cheap);
        RemixRequestParser parser = new RemixRequestParser(Requests.MAPPER);

        assertThatThrownBy(() -> validator.validate(parser.parse(Requests.minimal().put("rendering_speed", "QUALITY")
                .put("num_images", 3)))).isInstanceOfSatisfying(dev.characterremix.error.ValidationError.class,
                        error -> assertThat(error.violations()).extracting(Object::toString).containsExactly(
                                "num_images: must be at most 2 here (REMIX_LIMITS_MAX_IMAGES_PER_REQUEST) (got 3)",
                                "rendering_speed: is not allowed here (allowed: TURBO, BALANCED; "
                                        + "REMIX_LIMITS_RENDERING_SPEEDS) (got QUALITY)"));
        assertThat(validator.validate(parser.parse(Requests.minimal().put("num_images", 2))).numImages()).isEqualTo(2);
    }
}

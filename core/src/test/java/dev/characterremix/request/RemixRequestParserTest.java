package dev.characterremix.request;

import static dev.characterremix.request.RemixRequestValidationTest.violations;
import static dev.characterremix.request.Requests.json;
import static dev.characterremix.request.Requests.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.Violation;

class RemixRequestParserTest {

    @Test
    void rejectsATypoInsteadOfDroppingTheCharacter() {
        ObjectNode request = minimal();
        request.set("reference_image_url", request.remove("reference_image_urls"));
        assertThat(violations(request)).containsExactly(
                "reference_image_url: is not a known field (did you mean reference_image_urls?)",
                "reference_image_urls: must contain at least one image (only the first is used)");
    }

    @Test
    void rejectsUnknownNestedFieldsByPath() {
        ObjectNode request = minimal();
        request.putObject("color_palette").putArray("members").addObject().putObject("rgb").put("r", 1).put("x", 2);
        request.putObject("image_size").put("width", 512).put("heigth", 512);
        assertThat(violations(request)).containsExactly(
                "color_palette.members[0].rgb.x: is not a known field",
                "image_size.heigth: is not a known field (did you mean height?)");
    }

    @Test
    void rejectsValuesOfTheWrongType() {
        ObjectNode request = minimal().put("num_images", "many").put("expand_prompt", "sometimes");
        request.putObject("prompt").put("text", "a cat");
        request.put("reference_image_urls", "https://example.com/ref.png");
        assertThat(violations(request)).containsExactly(
                "expand_prompt: must be true or false (got \"sometimes\")",
                "num_images: must be an integer (got \"many\")",
                "prompt: must be a string",
                "reference_image_urls: must be a list (got \"https://example.com/ref.png\")");
    }

    @Test
    void rejectsFractionalImageCountInsteadOfTruncatingIt() {
        assertThat(violations(minimal().put("num_images", 1.5))).containsExactly("num_images: must be an integer (got 1.5)");
    }

    @Test
    void rejectsImageSizeOfTheWrongShape() {
        assertThat(violations(minimal().put("image_size", 1024))).containsExactly(
                "image_size: must be one of square_hd, square, portrait_4_3, portrait_16_9, landscape_4_3, "
                        + "landscape_16_9 or an object {width, height} (got 1024)");
    }

    @Test
    void rejectsADocumentThatIsNotAnObject() {
        assertThat(violations(json("[1, 2]"))).containsExactly("request: must be a JSON object");
        assertThat(violations(json("\"prompt\""))).containsExactly("request: must be a JSON object");
    }

    @Test
    void rejectsMalformedAndDuplicatedJsonBytes() {
        RemixRequestParser parser = new RemixRequestParser(Requests.MAPPER);
        assertThat(parser.parse("{\"prompt\": ".getBytes(StandardCharsets.UTF_8)).problems())
                .extracting(Violation::message).singleElement().asString().startsWith("must be valid JSON");
        assertThat(parser.parse("{\"prompt\":\"a\",\"prompt\":\"b\"}".getBytes(StandardCharsets.UTF_8)).problems())
                .extracting(Violation::message).singleElement().asString()
                .startsWith("must be valid JSON: Duplicate field 'prompt'");
    }

    @Test
    void treatsExplicitNullAsAbsent() {
        RemixRequest request = Requests.accept(minimal().putNull("style").putNull("num_images"));
        assertThat(request.style()).isNull();
        assertThat(request.numImages()).isNull();
    }
}

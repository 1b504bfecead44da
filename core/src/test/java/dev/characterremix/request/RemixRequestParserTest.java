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
                "reference_image_urls: is required");
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
        assertThat(violations(minimal().put("num_images", 1.5)))
                .containsExactly("num_images: must be an integer (got 1.5)");
    }

    @Test
    void rejectsImageSizeOfTheWrongShape() {
        assertThat(violations(minimal().put("image_size", 1024))).containsExactly(
                "image_size: must be one of square_hd, square, portrait_4_3, portrait_16_9, landscape_4_3, "
                        + "landscape_16_9 or an object {width, height} (got 1024)");
    }

    @Test
    void rejectsADocumentThatIsNotAnObjectSayingWhatItIs() {
        assertThat(violations(json("[1, 2]")))
                .containsExactly("request: must be a JSON object of the remix request (got a list)");
        assertThat(violations(json("\"prompt\"")))
                .containsExactly("request: must be a JSON object of the remix request (got a string)");
        assertThat(violations(json("null")))
                .containsExactly("request: must be a JSON object of the remix request (got null)");
        RemixRequestParser parser = new RemixRequestParser(Requests.MAPPER);
        assertThat(parser.parse("   ".getBytes(StandardCharsets.UTF_8)))
                .satisfies(parsed -> assertThat(parsed.malformed()).as("an empty body is not JSON: 400").isTrue())
                .extracting(RemixRequestParser.Parsed::problems).asList().extracting(Object::toString)
                .containsExactly("request: must be a JSON object, not an empty body");
    }

    @Test
    void coercesNoJsonTypeIntoAnother() {
        ObjectNode request = minimal().put("prompt", 42).put("strength", "0.5").put("seed", "5").put("num_images", "2")
                .put("negative_prompt", 3).put("expand_prompt", "true").put("sync_mode", 1);
        request.putObject("image_size").put("width", "512").put("height", 512);
        request.putArray("style_codes").add(12345678);
        assertThat(violations(request)).containsExactly(
                "expand_prompt: must be true or false (got \"true\")",
                "image_size.width: must be an integer (got \"512\")",
                "negative_prompt: must be a string (got 3)",
                "num_images: must be an integer (got \"2\")",
                "prompt: must be a string (got 42)",
                "seed: must be an integer (got \"5\")",
                "strength: must be a number (got \"0.5\")",
                "style_codes[0]: must be a string (got 12345678)",
                "sync_mode: must be true or false (got 1)");
        assertThat(violations(minimal().put("prompt", true))).containsExactly("prompt: must be a string (got true)");
    }

    @Test
    void namesAnOutOfRangeNumberAndKeepsCollecting() {
        ObjectNode request = minimal().put("num_images", new java.math.BigInteger("2147483648"))
                .put("seed", new java.math.BigInteger("9223372036854775808")).put("strength", 7);
        request.putObject("image_size").put("width", 1e10);
        assertThat(violations(request)).containsExactly(
                "image_size.width: is out of range (got 10000000000)",
                "num_images: is out of range (got 2147483648)",
                "seed: is out of range (got 9223372036854775808)",
                "strength: must be between 0.01 and 1 (got 7)");
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
    void rejectsNullsWhereFalsSchemaHasAValue() {
        ObjectNode request = minimal().putNull("style").putNull("num_images").putNull("prompt");
        request.putObject("color_palette").putArray("members").addObject().putNull("rgb");
        assertThat(violations(request)).containsExactly(
                "color_palette.members[0].rgb: must not be null (leave the field out for fal's default)",
                "num_images: must not be null (leave the field out for fal's default)",
                "prompt: must not be null (leave the field out for fal's default)",
                "style: must not be null (leave the field out for fal's default)");
    }

    @Test
    void aLongListIsReportedOnceAndCutBeforeItsElementsAreChecked() {
        ObjectNode request = minimal();
        var references = request.putArray("reference_image_urls");
        for (int i = 0; i < 40_000; i++) {
            references.add("");
        }
        assertThat(violations(request)).containsExactly(
                "reference_image_urls: must have at most 4 items (got 40000)",
                "reference_image_urls[0]: must be an https URL or a data: URI of image/png, image/jpeg or image/webp (got \"\")",
                "reference_image_urls[1]: must be an https URL or a data: URI of image/png, image/jpeg or image/webp (got \"\")",
                "reference_image_urls[2]: must be an https URL or a data: URI of image/png, image/jpeg or image/webp (got \"\")",
                "reference_image_urls[3]: must be an https URL or a data: URI of image/png, image/jpeg or image/webp (got \"\")");
    }

    @Test
    void aDocumentWithFarMoreValuesThanAnyRequestIsRefusedBeforeItIsRead() {
        StringBuilder body = new StringBuilder("{\"prompt\": \"x\", \"style_codes\": [");
        for (int i = 0; i < 100_000; i++) {
            body.append(i == 0 ? "" : ",").append("[]");
        }
        RemixRequestParser parser = new RemixRequestParser(Requests.MAPPER);
        assertThat(parser.parse(body.append("]}").toString().getBytes(StandardCharsets.UTF_8)).problems())
                .extracting(Object::toString).containsExactly("request: holds more than 2000 JSON values, far more "
                        + "than any remix request (is it the right document?)");
    }

    @Test
    void reportsTheFirstFiftyUnknownFieldsThenHowManyMore() {
        ObjectNode request = minimal();
        for (int i = 0; i < 100_000; i++) {
            request.put("x" + i, i);
        }
        var reported = violations(request);
        assertThat(reported).hasSize(51).contains("request: and 99950 more problems");
        assertThat(String.join("; ", reported).length()).isLessThan(4_000);
    }

    @Test
    void aLineBreakInARejectedValueOrAFieldNameCannotForgeALogLine() {
        ObjectNode request = minimal().put("style", "AUTO\n12:00:00 ERROR [fake.Logger] (admin) FORGED LINE");
        request.put("evil\r\nfield", 1);
        assertThat(violations(request)).allSatisfy(line -> assertThat(line).doesNotContain("\n").doesNotContain("\r"))
                .contains("evil\\r\\nfield: is not a known field");
    }

    @Test
    void anEmptySizeOrColourIsAMistakeNotADefault() {
        ObjectNode request = minimal();
        request.putObject("image_size");
        request.putObject("color_palette").putArray("members").addObject().putObject("rgb");
        assertThat(violations(request)).containsExactly(
                "color_palette.members[0].rgb: must not be an empty object",
                "image_size: must not be an empty object");
    }

    @Test
    void anEmptyOptionalListIsTakenAsLeftOutAsGeneratedClientsSendIt() {
        ObjectNode request = minimal().put("style", "REALISTIC");
        request.putArray("reference_mask_urls");
        request.putArray("image_urls");
        request.putArray("style_codes");
        RemixRequest accepted = Requests.accept(request);
        assertThat(accepted.styleCodes()).isNull();
        assertThat(accepted.imageUrls()).isNull();
        assertThat(accepted.referenceMaskUrls()).isNull();
        ObjectNode noCharacter = minimal();
        noCharacter.putArray("reference_image_urls");
        assertThat(violations(noCharacter))
                .containsExactly("reference_image_urls: must contain at least one image (only the first is used)");
    }

    @Test
    void aPromptOfInvisibleSpacesIsBlank() {
        assertThat(violations(minimal().put("prompt", "\u00a0\u200b\u2003 \u3000")))
                .containsExactly("prompt: must not be blank (got \"\u00a0\u200b\u2003 \u3000\")");
    }

    @Test
    void aDocumentInUtf16OrUtf32IsRefusedNamingItsEncoding() {
        RemixRequestParser parser = new RemixRequestParser(Requests.MAPPER);
        String json = Requests.minimal().toString();
        for (String charset : new String[] { "UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE" }) {
            RemixRequestParser.Parsed parsed = parser.parse(json.getBytes(java.nio.charset.Charset.forName(charset)));
            String named = charset.equals("UTF-16") ? "UTF-16BE" : charset;
            org.assertj.core.api.Assertions.assertThat(parsed.malformed()).isTrue();
            org.assertj.core.api.Assertions.assertThat(parsed.problems()).extracting(Violation::message)
                    .containsExactly("must be JSON in UTF-8 (the document is " + named + ")");
        }
        org.assertj.core.api.Assertions.assertThat(parser.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .request()).isNotNull();
    }
}

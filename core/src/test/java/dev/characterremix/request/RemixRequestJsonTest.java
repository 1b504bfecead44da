package dev.characterremix.request;

import static dev.characterremix.request.Requests.MAPPER;
import static dev.characterremix.request.Requests.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class RemixRequestJsonTest {

    @Test
    void sendsFalsFullExampleBackExactlyAsReceived() {
        JsonNode example = Requests.full();
        assertThat((JsonNode) MAPPER.valueToTree(Requests.accept(example))).isEqualTo(example);
    }

    @Test
    void sendsOnlyTheFieldsThatAreSet() {
        JsonNode sent = MAPPER.valueToTree(Requests.accept(minimal()));
        assertThat(sent.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("prompt", "image_url", "reference_image_urls");
    }

    @Test
    void addsNoDefaultStyleNextToStyleCodes() {
        ObjectNode request = minimal();
        request.putArray("style_codes").add("0A1B2C3D");
        JsonNode sent = MAPPER.valueToTree(Requests.accept(request));
        assertThat(sent.has("style")).isFalse();
        assertThat(sent.get("style_codes")).isEqualTo(request.get("style_codes"));
    }

    @Test
    void writesEveryFieldUnderFalsName() throws Exception {
        RemixRequest request = new RemixRequest("p", "https://e.com/i.png", List.of("https://e.com/r.png"),
                List.of("https://e.com/m.png"), List.of("https://e.com/s.png"), 0.5, RenderingSpeed.TURBO,
                Style.FICTION, null,
                new ColorPalette(null, List.of(new ColorPaletteMember(new RgbColor(1, 2, 3), 0.7))),
                false, 2, 42L, true, ImageSize.of(800, null), "blurry");
        assertThat(Requests.json(MAPPER.writeValueAsString(request))).isEqualTo(Requests.json("""
                {"prompt":"p","image_url":"https://e.com/i.png","reference_image_urls":["https://e.com/r.png"],
                 "reference_mask_urls":["https://e.com/m.png"],"image_urls":["https://e.com/s.png"],"strength":0.5,
                 "rendering_speed":"TURBO","style":"FICTION",
                 "color_palette":{"members":[{"rgb":{"r":1,"g":2,"b":3},"color_weight":0.7}]},
                 "expand_prompt":false,"num_images":2,"seed":42,"sync_mode":true,"image_size":{"width":800},
                 "negative_prompt":"blurry"}"""));
    }

    @Test
    void writesImageSizePresetAsItsName() {
        assertThat(MAPPER.<JsonNode>valueToTree(ImageSize.of(ImageSizePreset.PORTRAIT_16_9)).asText())
                .isEqualTo("portrait_16_9");
    }
}

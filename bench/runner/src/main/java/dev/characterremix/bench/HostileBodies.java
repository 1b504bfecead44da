package dev.characterremix.bench;

import static dev.characterremix.bench.Stats.mb;
import static dev.characterremix.bench.Stats.median;
import static dev.characterremix.bench.Stats.ms;
import static dev.characterremix.bench.Stats.percentile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What hostile request bodies cost before they are refused. */
final class HostileBodies extends BenchPart {

    HostileBodies(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "hostile";
    }

    /**
     * The request parser and validator (every trigger's path) against maximal hostile bodies of 6 MiB, Lambda's
     * synchronous payload limit: time to reject each, and the size of the answer (the problem document's detail and
     * errors, which repeat the violations).
     */
    @Override
    public void run() throws Exception {
        int size = 6 * 1024 * 1024;
        String required = "\"prompt\": \"x\", \"image_url\": \"https://v3.fal.media/a.png\"";
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("40 k empty references",
                "{" + required + ", \"reference_image_urls\": [" + repeat("\"\"", ",", size) + "]}");
        bodies.put("null references",
                "{" + required + ", \"reference_image_urls\": [" + repeat("null", ",", size) + "]}");
        bodies.put("nested style codes", "{" + required + ", \"style_codes\": [" + repeat("[]", ",", size) + "]}");
        StringBuilder unknown = new StringBuilder("{" + required);
        for (int i = 0; unknown.length() < size; i++) {
            unknown.append(", \"x").append(i).append("\": 0");
        }
        bodies.put("unknown fields", unknown.append('}').toString());
        // Just under the cap on values, each as costly as it can be within 6 MiB.
        bodies.put("1 900 references of 3.3 KB", "{" + required + ", \"reference_image_urls\": ["
                + repeat("\"https://v3.fal.media/" + "a".repeat(3_300) + "\"", ",", size) + "]}");
        StringBuilder named = new StringBuilder("{" + required);
        for (int i = 0; i < 950; i++) {
            named.append(", \"").append(i).append("a".repeat(6_500)).append("\": 0");
        }
        bodies.put("950 unknown fields of 6.5 KB names", named.append('}').toString());
        bodies.put("a 6 MiB prompt", "{\"prompt\": \"" + "a".repeat(size) + "\"}");
        bodies.put("deep nesting", "{\"image_size\": " + "[".repeat(size / 2) + "]".repeat(size / 2) + "}");

        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        dev.characterremix.request.RemixRequestParser parser = new dev.characterremix.request.RemixRequestParser(
                mapper);
        dev.characterremix.request.RemixRequestValidator validator = new dev.characterremix.request.RemixRequestValidator(
                jakarta.validation.Validation.buildDefaultValidatorFactory(),
                dev.characterremix.request.constraints.ImageReferencePolicy.DEFAULT);
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            byte[] bytes = body.getValue().getBytes(StandardCharsets.UTF_8);
            int runs = 100;
            double[] millis = new double[runs];
            int answer = 0;
            for (int i = -5; i < runs; i++) {
                long start = System.nanoTime();
                try {
                    validator.validate(parser.parse(bytes));
                } catch (dev.characterremix.error.ValidationError e) {
                    List<Map<String, String>> errors = e.violations().stream()
                            .map(v -> Map.of("field", v.field(), "message", v.describe())).toList();
                    answer = mapper.writeValueAsBytes(Map.of("detail", e.getMessage(), "errors", errors)).length;
                }
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            row("reject a hostile body of " + mb(bytes.length) + ": " + body.getKey() + ", p50 / p99 (100 runs)",
                    ms(median(millis)) + " / " + ms(percentile(millis, 99)) + "; answer " + answer + " bytes",
                    "targets: p99 ≤ 50 ms, answer ≤ 16 KB");
        }
    }

    private static String repeat(String item, String separator, int size) {
        StringBuilder out = new StringBuilder(size + 16);
        while (out.length() < size) {
            out.append(out.length() == 0 ? "" : separator).append(item);
        }
        return out.toString();
    }
}

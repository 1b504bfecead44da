package dev.characterremix.request;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.characterremix.error.Violation;

/**
 * What a request document may hold before its fields are read, applied to its JSON tree in one linear pass: no
 * {@code null} where fal's schema has a value (fal's schema has no nullable field: leave a field out to get fal's
 * default), and no list longer than fal could use. A broken limit is reported by path and the tree is trimmed (the
 * null field removed, the list cut), so the rest of the document is still checked, at a bounded cost.
 *
 * <p>The list limits: fal uses only the first character reference and mask, style reference images share fal's
 * 10 MB per group, and Ideogram's palettes and style codes are a handful each.
 */
final class RequestLimits {

    /** The longest list each list field may be. */
    static final Map<String, Integer> MAX_ITEMS = Map.of(
            "reference_image_urls", 4,
            "reference_mask_urls", 4,
            "image_urls", 10,
            "style_codes", 10,
            "color_palette.members", 16);

    /**
     * Optional lists whose empty form means "none": generated clients (openapi-generator's Java client, for one)
     * send {@code []} for every list the caller left unset, so an empty one is taken as left out, and not sent to fal.
     */
    static final Set<String> EMPTY_MEANS_ABSENT = Set.of("reference_mask_urls", "image_urls", "style_codes");

    /** Every field of fal's schema, by path without list indexes. */
    static final Set<String> FIELDS = Set.of("prompt", "image_url", "reference_image_urls",
            "reference_mask_urls", "image_urls", "strength", "rendering_speed", "style", "style_codes", "color_palette",
            "color_palette.name", "color_palette.members", "color_palette.members.rgb", "color_palette.members.rgb.r",
            "color_palette.members.rgb.g", "color_palette.members.rgb.b", "color_palette.members.color_weight",
            "expand_prompt", "num_images", "seed", "sync_mode", "image_size", "image_size.width", "image_size.height",
            "negative_prompt");

    private RequestLimits() {
    }

    static void enforce(ObjectNode request, Consumer<Violation> report) {
        walk(request, "", "", report);
    }

    /** @param schemaPath {@code path} without list indexes, as {@link #FIELDS} and {@link #MAX_ITEMS} name fields */
    private static void walk(ObjectNode object, String path, String schemaPath, Consumer<Violation> report) {
        // Fields to drop once the walk is over: nulls (reported) and empty lists that mean "none".
        List<String> nulls = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            String schema = schemaPath.isEmpty() ? field.getKey() : schemaPath + "." + field.getKey();
            JsonNode value = field.getValue();
            if (!FIELDS.contains(schema)) {
                // Not a field of the schema: the parser reports it as unknown.
                continue;
            }
            if (value.isNull()) {
                nulls.add(field.getKey());
                report.accept(Violation.of(at, "must not be null (leave the field out for fal's default)"));
            } else if (value.isObject()) {
                walk((ObjectNode) value, at, schema, report);
            } else if (value.isArray() && value.isEmpty() && EMPTY_MEANS_ABSENT.contains(schema)) {
                nulls.add(field.getKey());
            } else if (value.isArray()) {
                ArrayNode items = (ArrayNode) value;
                Integer max = MAX_ITEMS.get(schema);
                if (max != null && items.size() > max) {
                    report.accept(Violation.of(at, "must have at most " + max + " items", items.size()));
                    while (items.size() > max) {
                        items.remove(items.size() - 1);
                    }
                }
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i).isObject()) {
                        walk((ObjectNode) items.get(i), at + "[" + i + "]", schema, report);
                    }
                }
            }
        }
        nulls.forEach(object::remove);
    }
}

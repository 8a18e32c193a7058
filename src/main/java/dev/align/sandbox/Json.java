package dev.align.sandbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.TreeMap;

/** Comparing request bodies "equal as JSON": object members in any order, same values. */
final class Json {

    private Json() {
    }

    static String canonical(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "";
        }
        if (node.isObject()) {
            var sorted = new TreeMap<String, String>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            var text = new StringBuilder("{");
            sorted.forEach((k, v) -> text.append('"').append(k).append("\":").append(v).append(','));
            return text.append('}').toString();
        }
        if (node.isArray()) {
            var text = new StringBuilder("[");
            node.forEach(item -> text.append(canonical(item)).append(','));
            return text.append(']').toString();
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        return node.toString();
    }

    static ObjectNode requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.invalid("body", "The body must be a JSON object.");
        }
        return (ObjectNode) body;
    }
}

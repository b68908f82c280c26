package dev.agentfactory.platform.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * The NUL character (U+0000): valid in JSON and Java strings, but PostgreSQL stores it neither in {@code text}
 * nor in {@code jsonb}. Input that travels to a database through Kafka, where a refusal could no longer reach the
 * sender, is checked (or cleaned) before it is accepted.
 */
public final class NulText {

    public static final char NUL = '\u0000';
    /** What a NUL becomes where the input cannot be refused: the Unicode replacement character. */
    public static final char REPLACEMENT = '\uFFFD';

    private NulText() {
    }

    public static boolean contains(String value) {
        return value != null && value.indexOf(NUL) >= 0;
    }

    /** True when any string value or field name in the tree holds a NUL. */
    public static boolean contains(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return contains(node.textValue());
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (contains(field.getKey()) || contains(field.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (contains(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static String replaced(String value) {
        return contains(value) ? value.replace(NUL, REPLACEMENT) : value;
    }
}

package io.qsredis.testbed;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * JSON merge patch as RFC 7386 defines it: objects merge member by member, {@code null} removes a member,
 * and every other value (arrays included) replaces the target's. The mock API server's own merge appends
 * arrays and stores nulls, which a real API server never does.
 */
final class JsonMergePatch {

    private JsonMergePatch() {}

    /** The document that results from applying {@code patch} to {@code target} (neither is modified). */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? (ObjectNode) target.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }

    /** The merge patch that turns {@code source} into {@code target}: what {@code kubectl apply} sends for a CR. */
    static JsonNode diff(JsonNode source, JsonNode target) {
        if (!source.isObject() || !target.isObject()) {
            return target.deepCopy();
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (String name : source.propertyNames()) {
            if (!target.has(name)) {
                patch.putNull(name);
            }
        }
        for (Map.Entry<String, JsonNode> member : target.properties()) {
            JsonNode before = source.get(member.getKey());
            if (before == null || !before.isObject() || !member.getValue().isObject()) {
                if (!member.getValue().equals(before)) {
                    patch.set(member.getKey(), member.getValue().deepCopy());
                }
            } else {
                JsonNode nested = diff(before, member.getValue());
                if (!nested.isEmpty()) {
                    patch.set(member.getKey(), nested);
                }
            }
        }
        return patch;
    }
}

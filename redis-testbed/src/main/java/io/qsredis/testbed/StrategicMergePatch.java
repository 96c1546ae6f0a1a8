package io.qsredis.testbed;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Kubernetes' strategic merge patch ({@code application/strategic-merge-patch+json}) for the built-in kinds the
 * testbed serves: objects merge as in a JSON merge patch ({@code null} removes a member), and a list merges element
 * by element on its merge key where Kubernetes declares one ({@link #mergeKey}), else the patch's list replaces it.
 * Directives: {@code $patch: replace|delete|merge} on an object or a list element, a list element
 * {@code {"$patch": "replace"}} replacing the whole list, {@code $retainKeys}, {@code $setElementOrder/<list>} and
 * {@code $deleteFromPrimitiveList/<list>}. The merge keys come from the field's name (and, for {@code ports}, whether
 * the list belongs to a container or a Service), which is exact for the kinds the testbed serves.
 */
final class StrategicMergePatch {

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");

    /** Merge keys by field name, as the Kubernetes API types declare them ({@code patchMergeKey}). */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("volumes", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("env", "name"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"),
            Map.entry("resourceClaims", "name"));

    /** Lists of scalars that merge as sets ({@code patchStrategy: merge} on a primitive list). */
    private static final Set<String> MERGED_PRIMITIVE_LISTS = Set.of("finalizers");

    private StrategicMergePatch() {}

    /** The document that results from applying {@code patch} to {@code target} (neither is modified). */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        JsonNode result = mergeObject(target, patch, null);
        return result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    /**
     * The merge key of the list {@code field} whose enclosing object is an element of {@code parentList} (null at
     * the top or in an object that is no list element); null for a list that the patch replaces.
     */
    static String mergeKey(String field, String parentList) {
        if (field.equals("ports")) {
            return parentList != null && CONTAINER_LISTS.contains(parentList) ? "containerPort" : "port";
        }
        return MERGE_KEYS.get(field);
    }

    /** Null when the patch deletes the object. */
    private static JsonNode mergeObject(JsonNode target, JsonNode patch, String parentList) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        String directive = patch.path(PATCH).asString("merge");
        if (directive.equals("delete")) {
            return null;
        }
        if (directive.equals("replace")) {
            return withoutDirectives(patch);
        }
        ObjectNode result = target != null && target.isObject()
                ? (ObjectNode) target.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (name.equals(PATCH) || name.equals(RETAIN_KEYS) || name.startsWith(SET_ELEMENT_ORDER)
                    || name.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                continue;
            }
            if (value.isNull()) {
                result.remove(name);
            } else if (value.isObject()) {
                JsonNode merged = mergeObject(result.get(name), value, null);
                if (merged == null) {
                    result.remove(name);
                } else {
                    result.set(name, merged);
                }
            } else if (value.isArray()) {
                result.set(name, mergeList(name, result.get(name), (ArrayNode) value, parentList));
            } else {
                result.set(name, value.deepCopy());
            }
        }
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getKey().startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                String list = member.getKey().substring(DELETE_FROM_PRIMITIVE_LIST.length());
                if (result.get(list) instanceof ArrayNode values) {
                    Set<JsonNode> deleted = new LinkedHashSet<>();
                    member.getValue().forEach(deleted::add);
                    result.set(list, filtered(values, element -> !deleted.contains(element)));
                }
            }
        }
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getKey().startsWith(SET_ELEMENT_ORDER)) {
                String list = member.getKey().substring(SET_ELEMENT_ORDER.length());
                if (result.get(list) instanceof ArrayNode values) {
                    result.set(list, ordered(values, member.getValue(), mergeKey(list, parentList)));
                }
            }
        }
        if (patch.get(RETAIN_KEYS) instanceof ArrayNode retained) {
            Set<String> keep = new LinkedHashSet<>();
            retained.forEach(key -> keep.add(key.asString()));
            new ArrayList<>(result.propertyNames()).stream().filter(name -> !keep.contains(name)).forEach(result::remove);
        }
        return result;
    }

    private static JsonNode mergeList(String field, JsonNode target, ArrayNode patch, String parentList) {
        ArrayNode current = target instanceof ArrayNode array ? array : JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : patch) {
            if (element.isObject() && element.size() == 1 && element.path(PATCH).asString("").equals("replace")) {
                return filtered(patch, e -> !(e.isObject() && e.has(PATCH) && e.size() == 1));
            }
        }
        if (MERGED_PRIMITIVE_LISTS.contains(field)) {
            ArrayNode union = current.deepCopy();
            Set<JsonNode> present = new LinkedHashSet<>();
            current.forEach(present::add);
            patch.forEach(value -> {
                if (present.add(value)) {
                    union.add(value.deepCopy());
                }
            });
            return union;
        }
        String key = mergeKey(field, parentList);
        if (key == null) {
            return withoutDirectives(patch);
        }
        List<JsonNode> merged = new ArrayList<>();
        current.forEach(merged::add);
        for (JsonNode element : patch) {
            JsonNode keyValue = element.get(key);
            int index = indexOf(merged, key, keyValue);
            JsonNode result = mergeObject(index < 0 ? null : merged.get(index), element, field);
            if (index >= 0 && result == null) {
                merged.remove(index);
            } else if (index >= 0) {
                merged.set(index, result);
            } else if (result != null) {
                merged.add(result);
            }
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        merged.forEach(list::add);
        return list;
    }

    private static int indexOf(List<JsonNode> elements, String key, JsonNode value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < elements.size(); i++) {
            if (value.equals(elements.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code values} in the order {@code order} gives (by merge key, or by value); the rest after, as they were. */
    private static ArrayNode ordered(ArrayNode values, JsonNode order, String key) {
        List<JsonNode> rest = new ArrayList<>();
        values.forEach(rest::add);
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode wanted : order) {
            JsonNode wantedKey = key == null ? wanted : wanted.get(key);
            for (int i = 0; i < rest.size(); i++) {
                JsonNode candidate = key == null ? rest.get(i) : rest.get(i).get(key);
                if (wantedKey != null && wantedKey.equals(candidate)) {
                    result.add(rest.remove(i));
                    break;
                }
            }
        }
        rest.forEach(result::add);
        return result;
    }

    private static ArrayNode filtered(ArrayNode values, Predicate<JsonNode> keep) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        values.forEach(value -> {
            if (keep.test(value)) {
                result.add(withoutDirectives(value));
            }
        });
        return result;
    }

    /** A copy with every {@code $}-directive removed, for a part of the patch that replaces what was there. */
    private static JsonNode withoutDirectives(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(member -> {
                if (!member.getKey().startsWith("$")) {
                    copy.set(member.getKey(), withoutDirectives(member.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(withoutDirectives(element)));
            return copy;
        }
        return node.deepCopy();
    }
}

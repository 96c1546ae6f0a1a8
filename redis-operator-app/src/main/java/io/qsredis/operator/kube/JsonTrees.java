package io.qsredis.operator.kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Objects as plain JSON trees (maps, lists, scalars): a canonical form to hash, and JSON merge patches between two. */
public final class JsonTrees {
    private JsonTrees() {}

    /** {@code value} as a JSON object tree. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> tree(KubernetesSerialization serialization, Object value) {
        return serialization.unmarshal(serialization.asJson(value), Map.class);
    }

    /** A copy of {@code tree} whose objects list their keys in sorted order, so equal trees serialise equally. */
    @SuppressWarnings("unchecked")
    public static Object sorted(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, sorted(v)));
            return sorted;
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return tree;
    }

    /**
     * The RFC 7386 JSON merge patch that turns {@code from} into {@code to}: removed keys become {@code null}, objects
     * are diffed key by key, anything else (lists included) is replaced whole. Empty when they are equal.
     */
    public static Map<String, Object> mergePatch(Map<String, Object> from, Map<String, Object> to) {
        Map<String, Object> patch = new LinkedHashMap<>();
        for (String key : from.keySet()) {
            if (!to.containsKey(key) && from.get(key) != null) {
                patch.put(key, null);
            }
        }
        for (Map.Entry<String, Object> entry : to.entrySet()) {
            Object before = from.get(entry.getKey());
            Object after = entry.getValue();
            if (before instanceof Map<?, ?> beforeMap && after instanceof Map<?, ?> afterMap) {
                Map<String, Object> nested = mergePatch(asObject(beforeMap), asObject(afterMap));
                if (!nested.isEmpty()) {
                    patch.put(entry.getKey(), nested);
                }
            } else if (!Objects.equals(before, after)) {
                patch.put(entry.getKey(), after);
            }
        }
        return patch;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}

package io.qsredis.operator.kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Objects as plain JSON trees (maps, lists, scalars), to compare and to hash in a canonical form. */
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
}

package io.qsredis.operator.kube;

import com.google.common.hash.Hashing;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The hash of a desired object, stored on the object as {@link #ANNOTATION}, so that a pass that renders the same
 * object again writes nothing. It covers everything the operator renders, and nothing the server adds; never the
 * data of a Secret, which {@link Applier} compares itself.
 */
public final class ContentHash {
    public static final String ANNOTATION = "qsredis.io/desired-hash";

    private ContentHash() {}

    @SuppressWarnings("unchecked")
    public static String of(KubernetesSerialization serialization, HasMetadata desired) {
        Map<String, Object> tree = JsonTrees.tree(serialization, desired);
        Object metadata = tree.get("metadata");
        if (metadata instanceof Map<?, ?> meta) {
            Map<String, Object> m = (Map<String, Object>) meta;
            m.remove("resourceVersion");
            m.remove("uid");
            m.remove("creationTimestamp");
            m.remove("generation");
            m.remove("managedFields");
            if (m.get("annotations") instanceof Map<?, ?> annotations) {
                annotations.remove(ANNOTATION);
                if (annotations.isEmpty()) {
                    m.remove("annotations");
                }
            }
        }
        tree.remove("status");
        if ("Secret".equals(desired.getKind())) {
            tree.remove("data");
            tree.remove("stringData");
        }
        String canonical = serialization.asJson(JsonTrees.sorted(tree));
        // The first 16 bytes: plenty to tell two contents apart, and short enough for an annotation.
        return Hashing.sha256().hashString(canonical, StandardCharsets.UTF_8).toString().substring(0, 32);
    }
}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The custom resource that owns the rendered objects.
 *
 * @param uid empty when rendering offline from a file; the rendered objects then carry no owner reference
 * @param labels the resource's own labels, copied onto every object it owns (under the operator's labels)
 */
public record Owner(String apiVersion, String kind, String name, String namespace, Optional<String> uid, Map<String, String> labels) {

    public Owner {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** Of a resource the validator accepted: it has a name. */
    static Owner of(HasMetadata resource) {
        String name = resource.getMetadata().getName();
        String namespace = resource.getMetadata().getNamespace() == null
                ? "default"
                : resource.getMetadata().getNamespace();
        Map<String, String> labels = resource.getMetadata().getLabels() == null
                ? Map.of()
                : new TreeMap<>(resource.getMetadata().getLabels());
        String uid = resource.getMetadata().getUid();
        return new Owner(resource.getApiVersion(), resource.getKind(), name, namespace, Optional.ofNullable(uid), labels);
    }
}

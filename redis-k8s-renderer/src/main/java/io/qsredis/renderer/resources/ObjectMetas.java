package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.qsredis.renderer.model.Owner;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Metadata of every rendered object: sorted labels and annotations, and the owner reference to the CR. */
final class ObjectMetas {
    private ObjectMetas() {}

    static ObjectMeta of(String name, Owner owner, Map<String, String> labels, Map<String, String> annotations) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(owner.namespace())
                .withLabels(new TreeMap<>(labels))
                .withAnnotations(annotations.isEmpty() ? null : new TreeMap<>(annotations))
                .withOwnerReferences(ownerReferences(owner))
                .build();
    }

    /** The CR as controller, so that deleting it deletes what it owns; none when rendering offline without a uid. */
    static List<OwnerReference> ownerReferences(Owner owner) {
        return owner.uid()
                .map(uid -> List.of(new OwnerReferenceBuilder()
                        .withApiVersion(owner.apiVersion())
                        .withKind(owner.kind())
                        .withName(owner.name())
                        .withUid(uid)
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build()))
                .orElse(null);
    }
}

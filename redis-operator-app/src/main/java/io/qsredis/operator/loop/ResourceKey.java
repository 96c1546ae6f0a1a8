package io.qsredis.operator.loop;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** What the work queue holds: one custom resource by kind, namespace and name. */
public record ResourceKey(String kind, String namespace, String name) {

    public static ResourceKey of(HasMetadata resource) {
        return new ResourceKey(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    @Override
    public String toString() {
        return kind + ":" + namespace + "/" + name;
    }
}

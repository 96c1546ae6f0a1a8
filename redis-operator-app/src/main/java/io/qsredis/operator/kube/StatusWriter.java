package io.qsredis.operator.kube;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.Map;
import java.util.Objects;

/**
 * Writes a custom resource's whole status through the status subresource, with the resourceVersion the pass read (a
 * concurrent change fails the write and the pass is retried), and nothing at all when the status did not change.
 *
 * <p>A PUT rather than a JSON merge patch: the status holds lists (conditions), and the test API server merges lists
 * in a merge patch by appending instead of replacing them as RFC 7386 says.
 */
public final class StatusWriter {
    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    public StatusWriter(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    /** Returns whether the status was written. */
    @SuppressWarnings("unchecked")
    public <S, P extends CustomResource<?, S>> boolean write(P resource, S status) {
        Map<String, Object> before = resource.getStatus() == null ? Map.of() : JsonTrees.tree(serialization, resource.getStatus());
        Map<String, Object> after = JsonTrees.tree(serialization, status);
        if (Objects.equals(before, after)) {
            return false;
        }
        P copy = serialization.clone(resource);
        copy.setStatus(status);
        client.resources((Class<P>) resource.getClass())
                .inNamespace(resource.getMetadata().getNamespace())
                .resource(copy)
                .updateStatus();
        return true;
    }
}

package io.qsredis.operator.kube;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.Map;

/**
 * Writes a custom resource's status with a JSON merge patch on the status subresource, computed against the status
 * the pass read, so only what changed is sent, and nothing when nothing did.
 */
public final class StatusWriter {
    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    public StatusWriter(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    /** Returns whether a patch was sent. */
    @SuppressWarnings("unchecked")
    public <S, P extends CustomResource<?, S>> boolean write(P resource, S status) {
        Map<String, Object> before = resource.getStatus() == null ? Map.of() : JsonTrees.tree(serialization, resource.getStatus());
        Map<String, Object> after = JsonTrees.tree(serialization, status);
        Map<String, Object> patch = JsonTrees.mergePatch(before, after);
        if (patch.isEmpty()) {
            return false;
        }
        client.resources((Class<P>) resource.getClass())
                .inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), serialization.asJson(Map.of("status", patch)));
        return true;
    }
}

package io.qsredis.operator.kube;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a custom resource's whole status through the status subresource, and nothing at all when the status did not
 * change. The status belongs to the operator alone: when the resource the pass read was stale (its informer had not
 * seen the last write yet), the status is written over the live version.
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
        try {
            client.resources((Class<P>) resource.getClass()).inNamespace(resource.getMetadata().getNamespace()).resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // The pass read the resource from a cache that had not seen the previous pass's write yet. The status is
            // the operator's alone, so write it over the live version, unless that already says the same.
            P live = client.resources((Class<P>) resource.getClass())
                    .inNamespace(resource.getMetadata().getNamespace())
                    .withName(resource.getMetadata().getName())
                    .get();
            if (live == null || (live.getStatus() != null && Objects.equals(JsonTrees.tree(serialization, live.getStatus()), after))) {
                return false;
            }
            copy.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            client.resources((Class<P>) resource.getClass()).inNamespace(resource.getMetadata().getNamespace()).resource(copy).updateStatus();
        }
        return true;
    }
}

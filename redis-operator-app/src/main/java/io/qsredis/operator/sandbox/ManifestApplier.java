package io.qsredis.operator.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the API hold what a manifest file says, as {@code kubectl apply --prune} would for the objects of that file:
 * creates what is new, updates what changed (keeping what the server and the operator own: status, finalizers,
 * resourceVersion), and deletes what an earlier version of the file had and this one has not.
 */
public final class ManifestApplier {

    /** One object as identified across versions of the file. */
    record Identity(String apiVersion, String kind, String namespace, String name) {
        static Identity of(HasMetadata object) {
            return new Identity(object.getApiVersion(), object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
        }

        @Override
        public String toString() {
            return kind + " " + namespace + "/" + name;
        }
    }

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;
    private final Map<Identity, HasMetadata> applied = new LinkedHashMap<>();

    public ManifestApplier(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    /** Applies {@code manifests}; returns one line per change ("created Redis default/cache") and per failure. */
    public List<String> apply(Manifests manifests) {
        List<String> changes = new ArrayList<>();
        Map<Identity, HasMetadata> now = new LinkedHashMap<>();
        manifests.objects().forEach(object -> now.put(Identity.of(object), object));
        for (Map.Entry<Identity, HasMetadata> entry : now.entrySet()) {
            try {
                String change = applyOne(entry.getValue());
                if (change != null) {
                    changes.add(change + " " + entry.getKey());
                }
            } catch (KubernetesClientException e) {
                changes.add("failed to apply " + entry.getKey() + ": " + e.getMessage());
            }
        }
        for (Identity gone : applied.keySet()) {
            if (!now.containsKey(gone)) {
                client.resource(applied.get(gone)).delete();
                changes.add("deleted " + gone);
            }
        }
        applied.clear();
        applied.putAll(now);
        return changes;
    }

    private String applyOne(HasMetadata manifest) {
        HasMetadata desired = withDataOnly(manifest);
        HasMetadata live = client.resource(desired).get();
        if (live == null) {
            client.resource(desired).create();
            return "created";
        }
        HasMetadata update = serialization.clone(desired);
        update.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        update.getMetadata().setFinalizers(live.getMetadata().getFinalizers());
        update.getMetadata().setUid(live.getMetadata().getUid());
        if (sameContent(live, update)) {
            return null;
        }
        client.resource(update).update();
        return "updated";
    }

    /** A Secret's stringData folded into data, as the API server stores it, so that an unchanged Secret compares equal. */
    private HasMetadata withDataOnly(HasMetadata object) {
        if (!(object instanceof Secret secret) || secret.getStringData() == null || secret.getStringData().isEmpty()) {
            return object;
        }
        Map<String, String> data = new LinkedHashMap<>(secret.getData() == null ? Map.of() : secret.getData());
        secret.getStringData().forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder(secret).withStringData(null).withData(data).build();
    }

    /** Equal in what a manifest sets: everything but status and server-set metadata. */
    @SuppressWarnings("unchecked")
    private boolean sameContent(HasMetadata live, HasMetadata desired) {
        Map<String, Object> a = serialization.convertValue(live, Map.class);
        Map<String, Object> b = serialization.convertValue(desired, Map.class);
        for (Map<String, Object> tree : List.of(a, b)) {
            tree.remove("status");
            Object metadata = tree.get("metadata");
            if (metadata instanceof Map<?, ?> meta) {
                for (String serverSet : List.of("creationTimestamp", "generation", "managedFields", "resourceVersion", "uid", "deletionTimestamp")) {
                    ((Map<String, Object>) meta).remove(serverSet);
                }
                ((Map<String, Object>) meta).values().removeIf(v -> v == null || (v instanceof Map<?, ?> m && m.isEmpty()) || (v instanceof List<?> l && l.isEmpty()));
            }
        }
        return Objects.equals(a, b);
    }
}

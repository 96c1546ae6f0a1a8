package io.qsredis.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes desired objects without server-side apply: create, update with the live resourceVersion (a conflict
 * fails the pass, which the queue retries), or delete. A {@code null} desired object means "must not exist".
 * An object whose {@link ContentHash} matches is left untouched.
 *
 * <p>On update the live object keeps what the server or other tools own: annotations the operator does not set,
 * finalizers, and a Service's allocated cluster IPs and node ports. Only objects the owner controls are deleted.
 */
public final class Applier {
    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    /** What apply did to one object. */
    public enum Change {
        CREATED, UPDATED, UNCHANGED, DELETED, ABSENT;

        /** Whether the change is a decision worth an Event. */
        public boolean wrote() {
            return this == CREATED || this == UPDATED || this == DELETED;
        }
    }

    public record Applied(String kind, String name, Change change) {}

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    public Applier(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    /** Makes {@code namespace/name} of {@code type} equal to {@code desired}, or absent when it is {@code null}. */
    public <T extends HasMetadata> Applied apply(HasMetadata owner, Class<T> type, String name, T desired) {
        String namespace = owner.getMetadata().getNamespace();
        String kind = HasMetadata.getKind(type);
        T existing = client.resources(type).inNamespace(namespace).withName(name).get();
        if (desired == null) {
            if (existing == null || !isControlledBy(existing, owner)) {
                return new Applied(kind, name, Change.ABSENT);
            }
            client.resources(type).inNamespace(namespace).withName(name).delete();
            log(owner, kind, name, Change.DELETED);
            return new Applied(kind, name, Change.DELETED);
        }
        if (!name.equals(desired.getMetadata().getName())) {
            throw new IllegalArgumentException("desired " + kind + " is named " + desired.getMetadata().getName() + ", not " + name);
        }
        String hash = ContentHash.of(serialization, desired);
        T toWrite = serialization.clone(desired);
        ObjectMeta meta = toWrite.getMetadata();
        meta.setNamespace(namespace);
        meta.setAnnotations(withEntry(meta.getAnnotations(), ContentHash.ANNOTATION, hash));
        if (meta.getOwnerReferences() == null || meta.getOwnerReferences().isEmpty()) {
            meta.setOwnerReferences(List.of(controllerReference(owner)));
        }
        if (existing == null) {
            client.resources(type).inNamespace(namespace).resource(toWrite).create();
            log(owner, kind, name, Change.CREATED);
            return new Applied(kind, name, Change.CREATED);
        }
        Map<String, String> liveAnnotations = existing.getMetadata().getAnnotations();
        if (liveAnnotations != null && hash.equals(liveAnnotations.get(ContentHash.ANNOTATION)) && sameSecretData(existing, desired)) {
            return new Applied(kind, name, Change.UNCHANGED);
        }
        keepServerOwnedFields(existing, toWrite);
        client.resources(type).inNamespace(namespace).resource(toWrite).update();
        log(owner, kind, name, Change.UPDATED);
        return new Applied(kind, name, Change.UPDATED);
    }

    /** The hash leaves Secret data out (a hash of a password on an annotation is a leak); compare it here. */
    private static boolean sameSecretData(HasMetadata existing, HasMetadata desired) {
        if (existing instanceof Secret live && desired instanceof Secret secret) {
            return Objects.equals(nonNull(live.getData()), nonNull(secret.getData()))
                    && (secret.getStringData() == null || secret.getStringData().isEmpty());
        }
        return true;
    }

    private static Map<String, String> nonNull(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static void keepServerOwnedFields(HasMetadata existing, HasMetadata toWrite) {
        ObjectMeta live = existing.getMetadata();
        ObjectMeta meta = toWrite.getMetadata();
        meta.setResourceVersion(live.getResourceVersion());
        meta.setFinalizers(live.getFinalizers());
        Map<String, String> annotations = new LinkedHashMap<>();
        if (live.getAnnotations() != null) {
            annotations.putAll(live.getAnnotations());
        }
        annotations.putAll(meta.getAnnotations());
        meta.setAnnotations(annotations);
        if (existing instanceof Service liveService && toWrite instanceof Service service) {
            keepAllocations(liveService, service);
        }
    }

    private static void keepAllocations(Service live, Service desired) {
        if (desired.getSpec() == null || live.getSpec() == null) {
            return;
        }
        if (desired.getSpec().getClusterIP() == null) {
            desired.getSpec().setClusterIP(live.getSpec().getClusterIP());
            desired.getSpec().setClusterIPs(live.getSpec().getClusterIPs());
        }
        // A ClusterIP Service may hold no node port: the API server refuses one (a type changed back from NodePort).
        String type = desired.getSpec().getType();
        if (desired.getSpec().getPorts() == null || live.getSpec().getPorts() == null || !("NodePort".equals(type) || "LoadBalancer".equals(type))) {
            return;
        }
        for (ServicePort port : desired.getSpec().getPorts()) {
            if (port.getNodePort() != null) {
                continue;
            }
            live.getSpec().getPorts().stream()
                    .filter(livePort -> Objects.equals(livePort.getName(), port.getName()) && Objects.equals(livePort.getPort(), port.getPort()))
                    .findFirst()
                    .ifPresent(livePort -> port.setNodePort(livePort.getNodePort()));
        }
    }

    /** Merge-patches the labels of a live object (only the given keys; a {@code null} value removes a key). */
    public <T extends HasMetadata> void patchLabels(Class<T> type, String namespace, String name, Map<String, String> labels) {
        Map<String, Object> patch = Map.of("metadata", Map.of("labels", labels));
        client.resources(type).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), serialization.asJson(patch));
    }

    public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(ref -> Boolean.TRUE.equals(ref.getController())
                && Objects.equals(ref.getUid(), owner.getMetadata().getUid()));
    }

    public static OwnerReference controllerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static Map<String, String> withEntry(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (map != null) {
            copy.putAll(map);
        }
        copy.put(key, value);
        return copy;
    }

    private static void log(HasMetadata owner, String kind, String name, Change change) {
        LOG.info("namespace={} owner={}/{} object={}/{} change={}",
                owner.getMetadata().getNamespace(), owner.getKind(), owner.getMetadata().getName(), kind, name, change);
    }
}

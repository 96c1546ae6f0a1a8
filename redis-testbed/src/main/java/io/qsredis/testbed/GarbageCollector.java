package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The garbage collector the mock API server lacks: when an object goes, its dependents in the same
 * namespace (objects with an ownerReference to its uid) are deleted in the background, and theirs in turn;
 * with the {@code Orphan} propagation policy they keep living and only lose that ownerReference. It covers
 * the kinds the operator and the StatefulSet controller own.
 */
final class GarbageCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private static final List<ResourceDefinitionContext> DEPENDENT_KINDS = List.of(
            kind("", "v1", "Pod", "pods"),
            kind("", "v1", "Service", "services"),
            kind("", "v1", "ConfigMap", "configmaps"),
            kind("", "v1", "Secret", "secrets"),
            kind("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
            kind("", "v1", "Endpoints", "endpoints"),
            kind("", "v1", "ServiceAccount", "serviceaccounts"),
            kind("apps", "v1", "StatefulSet", "statefulsets"),
            kind("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets"));

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "testbed-garbage-collector");
        t.setDaemon(true);
        return t;
    });
    private volatile KubernetesClient client;

    /** Starts collecting with {@code client}; deletions reported before were queued. */
    void start(KubernetesClient client) {
        this.client = client;
    }

    /** An object was deleted; its JSON as the API server last stored it. */
    void deleted(String json, boolean orphanDependents) {
        if (thread.isShutdown()) {
            return;
        }
        thread.execute(() -> {
            KubernetesClient api = client;
            if (api == null) {
                return;
            }
            GenericKubernetesResource owner = api.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class);
            String uid = owner.getMetadata().getUid();
            String namespace = owner.getMetadata().getNamespace();
            if (uid == null || namespace == null) {
                return;
            }
            try {
                collect(api, owner, uid, namespace, orphanDependents);
            } catch (RuntimeException e) {
                LOG.warn("garbage collection failed owner={}/{}", namespace, owner.getMetadata().getName(), e);
            }
        });
    }

    private void collect(KubernetesClient api, GenericKubernetesResource owner, String uid, String namespace, boolean orphan) {
        for (ResourceDefinitionContext kind : DEPENDENT_KINDS) {
            for (GenericKubernetesResource dependent : api.genericKubernetesResources(kind).inNamespace(namespace).list().getItems()) {
                List<OwnerReference> owners = dependent.getMetadata().getOwnerReferences();
                if (owners.stream().noneMatch(o -> uid.equals(o.getUid()))) {
                    continue;
                }
                String name = dependent.getMetadata().getName();
                if (orphan) {
                    api.genericKubernetesResources(kind).inNamespace(namespace).withName(name)
                            .patch(PatchContext.of(PatchType.JSON_MERGE), api.getKubernetesSerialization().asJson(Map.of(
                                    "metadata", Map.of("ownerReferences",
                                            owners.stream().filter(o -> !uid.equals(o.getUid())).toList()))));
                } else {
                    LOG.info("dependent deleted kind={} namespace={} name={} owner={}/{}",
                            kind.getKind(), namespace, name, owner.getKind(), owner.getMetadata().getName());
                    api.genericKubernetesResources(kind).inNamespace(namespace).withName(name).delete();
                }
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private static ResourceDefinitionContext kind(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }
}

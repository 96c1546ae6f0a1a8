package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The StatefulSet controller of the testbed, after Kubernetes': pods {@code <sts>-<ordinal>} from the pod
 * template, bound to the testbed node, with the selector's labels plus {@code statefulset.kubernetes.io/pod-name},
 * {@code apps.kubernetes.io/pod-index} and {@code controller-revision-hash}; a claim
 * {@code <template>-<sts>-<ordinal>} per volumeClaimTemplate, created Bound and never deleted by scaling
 * (the {@code Retain} policy); {@code OrderedReady} creates and removes one pod at a time (the next only
 * once the previous is Ready or gone), {@code Parallel} all at once; {@code RollingUpdate} replaces pods of
 * an older template from the highest ordinal down to the partition, one at a time and only while every pod
 * is Ready; {@code OnDelete} leaves that to whoever deletes pods. A pod name is reused only once the kubelet
 * has stopped the previous pod of that name, so that two processes never share a claim. Status counts replicas, ready, current and updated pods.
 */
final class StatefulSetController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatefulSetController.class);

    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    static final String REVISION_LABEL = "controller-revision-hash";

    private static final long RETRY_MILLIS = 1000;

    private final KubernetesClient client;
    private final Kubelet kubelet;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "testbed-statefulset-controller");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private SharedIndexInformer<StatefulSet> statefulSets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<PersistentVolumeClaim> claims;

    StatefulSetController(KubernetesClient client, Kubelet kubelet) {
        this.client = client;
        this.kubelet = kubelet;
    }

    void watch(SharedIndexInformer<StatefulSet> statefulSets, SharedIndexInformer<Pod> pods,
            SharedIndexInformer<PersistentVolumeClaim> claims) {
        this.statefulSets = statefulSets;
        this.pods = pods;
        this.claims = claims;
        statefulSets.addEventHandler(handler(sts -> enqueue(key(sts))));
        pods.addEventHandler(handler(pod -> {
            OwnerReference owner = controllerOf(pod);
            if (owner != null && "StatefulSet".equals(owner.getKind())) {
                enqueue(pod.getMetadata().getNamespace() + "/" + owner.getName());
            }
        }));
    }

    /** The kubelet has stopped a pod: its StatefulSet may now re-create it or remove the next one. */
    void podTerminated(String namespace, String podName) {
        statefulSets.getStore().list().stream()
                .filter(sts -> sts.getMetadata().getNamespace().equals(namespace))
                .filter(sts -> ordinalOf(sts, podName) >= 0)
                .forEach(sts -> enqueue(key(sts)));
    }

    private void enqueue(String key) {
        if (queued.add(key) && !thread.isShutdown()) {
            thread.execute(() -> {
                queued.remove(key);
                try {
                    reconcile(key);
                } catch (KubernetesClientException e) {
                    LOG.info("statefulset reconcile failed, retrying statefulset={} code={} message={}",
                            key, e.getCode(), e.getMessage());
                    thread.schedule(() -> enqueue(key), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RuntimeException e) {
                    LOG.warn("statefulset reconcile failed, retrying statefulset={}", key, e);
                    thread.schedule(() -> enqueue(key), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
            });
        }
    }

    private void reconcile(String key) {
        StatefulSet sts = statefulSets.getStore().getByKey(key);
        if (sts == null || sts.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String namespace = sts.getMetadata().getNamespace();
        String revision = revisionOf(sts);
        Map<Integer, Pod> owned = ownedPods(sts);
        int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        boolean parallel = "Parallel".equals(sts.getSpec().getPodManagementPolicy());

        boolean blocked = false;
        for (int ordinal = 0; ordinal < replicas && !blocked; ordinal++) {
            Pod pod = owned.get(ordinal);
            if (pod == null) {
                String podName = sts.getMetadata().getName() + "-" + ordinal;
                if (!kubelet.holdsName(namespace, podName)) {
                    createClaims(sts, ordinal);
                    create(newPod(sts, ordinal, revision));
                }
                blocked = !parallel;
            } else if (!parallel && !isHealthy(pod)) {
                blocked = true;
            }
        }

        List<Integer> condemned = owned.keySet().stream().filter(ordinal -> ordinal >= replicas)
                .sorted((a, b) -> b - a).toList();
        boolean allReady = owned.entrySet().stream().filter(e -> e.getKey() < replicas).allMatch(e -> isHealthy(e.getValue()))
                && owned.keySet().stream().filter(ordinal -> ordinal < replicas).count() == replicas;
        for (int ordinal : condemned) {
            if (!parallel && !allReady) {
                break;
            }
            delete(owned.remove(ordinal), "scaled down");
            if (!parallel) {
                break;
            }
        }

        if (condemned.isEmpty() && allReady && isRollingUpdate(sts)) {
            int partition = sts.getSpec().getUpdateStrategy() == null
                    || sts.getSpec().getUpdateStrategy().getRollingUpdate() == null
                    || sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition() == null
                    ? 0 : sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
            owned.entrySet().stream()
                    .filter(e -> e.getKey() >= partition)
                    .filter(e -> !revision.equals(e.getValue().getMetadata().getLabels().get(REVISION_LABEL)))
                    .max(Map.Entry.comparingByKey())
                    .ifPresent(e -> delete(owned.remove(e.getKey()), "rolling update to " + revision));
        }
        writeStatus(sts, revision, owned);
    }

    /** The StatefulSet's pods by ordinal, adopting pods of its name and selector that no controller owns. */
    private Map<Integer, Pod> ownedPods(StatefulSet sts) {
        Map<Integer, Pod> owned = new TreeMap<>();
        for (Pod pod : pods.getStore().list()) {
            if (!pod.getMetadata().getNamespace().equals(sts.getMetadata().getNamespace())) {
                continue;
            }
            int ordinal = ordinalOf(sts, pod.getMetadata().getName());
            OwnerReference owner = controllerOf(pod);
            if (ordinal < 0) {
                continue;
            }
            if (owner != null && sts.getMetadata().getUid().equals(owner.getUid())) {
                owned.put(ordinal, pod);
            } else if ((owner == null || isGone(owner)) && matchesSelector(sts, pod)) {
                owned.put(ordinal, adopt(sts, pod));
            }
        }
        return owned;
    }

    private boolean isGone(OwnerReference owner) {
        return statefulSets.getStore().list().stream().noneMatch(sts -> sts.getMetadata().getUid().equals(owner.getUid()));
    }

    private Pod adopt(StatefulSet sts, Pod pod) {
        LOG.info("pod adopted statefulset={} pod={}", key(sts), pod.getMetadata().getName());
        List<OwnerReference> owners = new ArrayList<>();
        pod.getMetadata().getOwnerReferences().stream().filter(o -> !Boolean.TRUE.equals(o.getController())).forEach(owners::add);
        owners.add(ownerReference(sts));
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(Map.of(
                        "metadata", Map.of(
                                "resourceVersion", pod.getMetadata().getResourceVersion(),
                                "ownerReferences", owners))));
    }

    /** Creates the pod; one that exists already was created by a pass that the informer has not shown yet. */
    private void create(Pod pod) {
        try {
            client.resource(pod).create();
            LOG.info("pod created namespace={} pod={}", pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private void delete(Pod pod, String reason) {
        LOG.info("pod deleted statefulset-pod={} reason={}", pod.getMetadata().getName(), reason);
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
    }

    private Pod newPod(StatefulSet sts, int ordinal, String revision) {
        return podOf(sts, ordinal, revision, client.getKubernetesSerialization());
    }

    /**
     * The pod {@code ordinal} of {@code sts} at {@code revision}, as the StatefulSet controller creates it: the
     * template's spec with a claim volume per volume claim template, the stable hostname and subdomain, the
     * controller's labels and the owner reference. {@link LocalPod} runs the same pod without an API server.
     */
    static Pod podOf(StatefulSet sts, int ordinal, String revision, KubernetesSerialization serialization) {
        String podName = sts.getMetadata().getName() + "-" + ordinal;
        PodSpec spec = serialization.clone(sts.getSpec().getTemplate().getSpec());
        List<Volume> volumes = new ArrayList<>(spec.getVolumes());
        for (PersistentVolumeClaim template : sts.getSpec().getVolumeClaimTemplates()) {
            String volume = template.getMetadata().getName();
            volumes.removeIf(v -> v.getName().equals(volume));
            volumes.add(new VolumeBuilder()
                    .withName(volume)
                    .withNewPersistentVolumeClaim()
                        .withClaimName(claimName(sts, template, ordinal))
                    .endPersistentVolumeClaim()
                    .build());
        }
        spec.setVolumes(volumes);
        spec.setHostname(podName);
        spec.setSubdomain(sts.getSpec().getServiceName());
        spec.setNodeName(TestbedNode.NAME);
        Map<String, String> labels = new LinkedHashMap<>();
        if (sts.getSpec().getTemplate().getMetadata() != null) {
            labels.putAll(sts.getSpec().getTemplate().getMetadata().getLabels());
        }
        labels.put(POD_NAME_LABEL, podName);
        labels.put(POD_INDEX_LABEL, String.valueOf(ordinal));
        labels.put(REVISION_LABEL, revision);
        return new PodBuilder()
                .withNewMetadata()
                    .withName(podName)
                    .withNamespace(sts.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(sts.getSpec().getTemplate().getMetadata() == null
                            ? Map.of() : sts.getSpec().getTemplate().getMetadata().getAnnotations())
                    .withOwnerReferences(ownerReference(sts))
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    private void createClaims(StatefulSet sts, int ordinal) {
        String namespace = sts.getMetadata().getNamespace();
        for (PersistentVolumeClaim template : sts.getSpec().getVolumeClaimTemplates()) {
            String name = claimName(sts, template, ordinal);
            if (claims.getStore().getByKey(namespace + "/" + name) != null
                    || client.persistentVolumeClaims().inNamespace(namespace).withName(name).get() != null) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
            if (sts.getSpec().getSelector() != null) {
                labels.putAll(sts.getSpec().getSelector().getMatchLabels());
            }
            client.resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .withAnnotations(template.getMetadata().getAnnotations())
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .build()).create();
            String status = client.getKubernetesSerialization().asJson(new PersistentVolumeClaimStatusBuilder()
                    .withPhase("Bound")
                    .withAccessModes(template.getSpec().getAccessModes())
                    .withCapacity(template.getSpec().getResources() == null
                            ? Map.of() : template.getSpec().getResources().getRequests())
                    .build());
            client.persistentVolumeClaims().inNamespace(namespace).withName(name).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + status + "}]");
            LOG.info("claim created namespace={} claim={}", namespace, name);
        }
    }

    private void writeStatus(StatefulSet sts, String revision, Map<Integer, Pod> owned) {
        String current = owned.values().stream().allMatch(pod -> revision.equals(pod.getMetadata().getLabels().get(REVISION_LABEL)))
                ? revision
                : Objects.requireNonNullElse(sts.getStatus() == null ? null : sts.getStatus().getCurrentRevision(), revision);
        int ready = (int) owned.values().stream().filter(StatefulSetController::isReady).count();
        StatefulSetStatus status = new StatefulSetStatusBuilder()
                .withObservedGeneration(sts.getMetadata().getGeneration())
                .withReplicas(owned.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withCurrentReplicas((int) owned.values().stream()
                        .filter(pod -> current.equals(pod.getMetadata().getLabels().get(REVISION_LABEL))).count())
                .withUpdatedReplicas((int) owned.values().stream()
                        .filter(pod -> revision.equals(pod.getMetadata().getLabels().get(REVISION_LABEL))).count())
                .withCurrentRevision(current)
                .withUpdateRevision(revision)
                .withCollisionCount(0)
                .build();
        String json = client.getKubernetesSerialization().asJson(status);
        if (sts.getStatus() != null && json.equals(client.getKubernetesSerialization().asJson(sts.getStatus()))) {
            return;
        }
        client.apps().statefulSets().inNamespace(sts.getMetadata().getNamespace()).withName(sts.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + json + "}]");
    }

    /** {@code <sts>-<hash of the pod template>}, as the {@code controller-revision-hash} label carries it. */
    private String revisionOf(StatefulSet sts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    client.getKubernetesSerialization().asJson(sts.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8));
            return sts.getMetadata().getName() + "-" + HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRollingUpdate(StatefulSet sts) {
        return sts.getSpec().getUpdateStrategy() == null || sts.getSpec().getUpdateStrategy().getType() == null
                || "RollingUpdate".equals(sts.getSpec().getUpdateStrategy().getType());
    }

    /** Ready and not being deleted: what the StatefulSet controller waits for before it goes on to the next pod. */
    private static boolean isHealthy(Pod pod) {
        return isReady(pod) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean matchesSelector(StatefulSet sts, Pod pod) {
        Map<String, String> selector = sts.getSpec().getSelector() == null ? Map.of() : sts.getSpec().getSelector().getMatchLabels();
        return !selector.isEmpty() && pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
    }

    /** The pod's ordinal in {@code sts}, or -1 if the name is not {@code <sts>-<ordinal>}. */
    private static int ordinalOf(StatefulSet sts, String podName) {
        String prefix = sts.getMetadata().getName() + "-";
        if (!podName.startsWith(prefix) || podName.length() == prefix.length()) {
            return -1;
        }
        String ordinal = podName.substring(prefix.length());
        return ordinal.chars().allMatch(Character::isDigit) && ordinal.length() < 9 ? Integer.parseInt(ordinal) : -1;
    }

    private static String claimName(StatefulSet sts, PersistentVolumeClaim template, int ordinal) {
        return template.getMetadata().getName() + "-" + sts.getMetadata().getName() + "-" + ordinal;
    }

    private static OwnerReference ownerReference(StatefulSet sts) {
        return new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("StatefulSet")
                .withName(sts.getMetadata().getName())
                .withUid(sts.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static OwnerReference controllerOf(HasMetadata object) {
        return object.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst()
                .orElse(null);
    }

    private static String key(StatefulSet sts) {
        return sts.getMetadata().getNamespace() + "/" + sts.getMetadata().getName();
    }

    private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                onChange.accept(object);
            }

            @Override
            public void onUpdate(T before, T object) {
                onChange.accept(object);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                onChange.accept(object);
            }
        };
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The testbed node's kubelet: runs every pod bound to the node ({@code spec.nodeName}) with a
 * {@link PodWorker}, stops it when the pod is marked for deletion (or deleted at once), then deletes the marked pod
 * for good (grace period 0), and keeps ConfigMap and Secret volumes current. A pod that is still stopping keeps its
 * name busy, so that its StatefulSet re-creates it only once its processes are gone and its claims are free, as on
 * Kubernetes. A deleted claim's data is
 * deleted once no pod mounts it (the {@code Delete} reclaim policy of dynamically provisioned volumes).
 */
final class Kubelet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final PodWorker.Environment environment;
    private final BiConsumer<String, String> onTerminated;
    /** Workers of live pods by pod uid. */
    private final Map<String, PodWorker> running = new ConcurrentHashMap<>();
    /** Workers of deleted pods still stopping, by namespace/name. */
    private final Map<String, PodWorker> stopping = new ConcurrentHashMap<>();
    /** Deleted claims (namespace/name) whose data goes once no pod mounts them, as a PersistentVolume's would. */
    private final Set<String> deletedClaims = new HashSet<>();
    private boolean closed;

    /** @param onTerminated told the namespace and name of each pod whose processes are gone */
    Kubelet(PodWorker.Environment environment, BiConsumer<String, String> onTerminated) {
        this.environment = environment;
        this.onTerminated = onTerminated;
    }

    void watch(SharedIndexInformer<Pod> pods, SharedIndexInformer<ConfigMap> configMaps,
            SharedIndexInformer<Secret> secrets, SharedIndexInformer<PersistentVolumeClaim> claims) {
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                sync(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                sync(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                stop(pod);
            }
        });
        configMaps.addEventHandler(refreshingVolumesOf(true));
        secrets.addEventHandler(refreshingVolumesOf(false));
        claims.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolumeClaim claim) {}

            @Override
            public void onUpdate(PersistentVolumeClaim before, PersistentVolumeClaim claim) {}

            @Override
            public void onDelete(PersistentVolumeClaim claim, boolean finalStateUnknown) {
                claimDeleted(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            }
        });
    }

    /**
     * Whether the kubelet runs or is still stopping a pod of this name; the API may have dropped the pod
     * before the kubelet heard of it.
     */
    boolean holdsName(String namespace, String name) {
        return stopping.containsKey(namespace + "/" + name) || worker(namespace, name).isPresent();
    }

    /** The host directory that stands for the volume of the claim {@code claim} of {@code namespace}. */
    Path claimDirectory(String namespace, String claim) {
        return PodTranslation.claimDirectory(environment.claimsRoot(), namespace, claim);
    }

    /** The worker of a live pod. */
    Optional<PodWorker> worker(String namespace, String name) {
        return running.values().stream()
                .filter(worker -> worker.namespace().equals(namespace) && worker.name().equals(name))
                .findFirst();
    }

    private synchronized void sync(Pod pod) {
        if (closed || !TestbedNode.NAME.equals(pod.getSpec().getNodeName())) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            stop(pod);
            return;
        }
        PodWorker worker = running.get(pod.getMetadata().getUid());
        if (worker != null) {
            worker.update(pod);
            return;
        }
        worker = new PodWorker(pod, environment);
        running.put(pod.getMetadata().getUid(), worker);
        worker.start();
    }

    private synchronized void stop(Pod pod) {
        String uid = pod.getMetadata().getUid();
        PodWorker worker = running.remove(uid);
        if (worker == null) {
            if (!stopping.containsKey(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName())) {
                removeMarked(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
            }
            return;
        }
        String key = worker.namespace() + "/" + worker.name();
        stopping.put(key, worker);
        worker.terminate(pod).whenComplete((done, failure) -> {
            removeMarked(worker.namespace(), worker.name(), uid);
            stopping.remove(key, worker);
            deleteReleasedClaims();
            onTerminated.accept(worker.namespace(), worker.name());
        });
    }

    /** Deletes a pod marked for deletion for good once nothing of it runs, as the kubelet does: its uid, grace period 0. */
    private void removeMarked(String namespace, String name, String uid) {
        if (closed) {
            return;
        }
        try {
            Pod current = environment.client().pods().inNamespace(namespace).withName(name).get();
            if (current != null && uid.equals(current.getMetadata().getUid()) && current.getMetadata().getDeletionTimestamp() != null) {
                environment.client().pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
            }
        } catch (KubernetesClientException e) {
            LOG.warn("could not delete a terminated pod namespace={} pod={} code={} message={}", namespace, name, e.getCode(), e.getMessage());
        }
    }

    private synchronized void claimDeleted(String namespace, String claim) {
        deletedClaims.add(namespace + "/" + claim);
        deleteReleasedClaims();
    }

    private synchronized void deleteReleasedClaims() {
        deletedClaims.removeIf(key -> {
            String namespace = key.substring(0, key.indexOf('/'));
            String claim = key.substring(key.indexOf('/') + 1);
            boolean mounted = Stream.concat(running.values().stream(), stopping.values().stream())
                    .anyMatch(worker -> worker.namespace().equals(namespace) && worker.usesClaim(claim));
            if (!mounted) {
                Directories.deleteRecursively(claimDirectory(namespace, claim));
            }
            return !mounted;
        });
    }

    private <T extends HasMetadata> ResourceEventHandler<T> refreshingVolumesOf(boolean configMap) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T source) {
                refresh(source);
            }

            @Override
            public void onUpdate(T before, T source) {
                refresh(source);
            }

            @Override
            public void onDelete(T source, boolean finalStateUnknown) {
                refresh(source);
            }

            private void refresh(T source) {
                running.values().stream()
                        .filter(worker -> worker.namespace().equals(source.getMetadata().getNamespace()))
                        .forEach(worker -> worker.refreshVolumes(configMap, source.getMetadata().getName()));
            }
        };
    }

    /** Stops every pod, in parallel, and waits until their processes are gone. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> all;
        synchronized (this) {
            closed = true;
            running.values().forEach(worker -> stopping.put(worker.namespace() + "/" + worker.name(), worker));
            running.clear();
            all = stopping.values().stream().map(PodWorker::terminate).toList();
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("pods did not stop within " + CLOSE_TIMEOUT, e);
        }
    }
}

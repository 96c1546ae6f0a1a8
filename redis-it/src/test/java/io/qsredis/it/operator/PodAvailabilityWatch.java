package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.operator.reconcile.ObservedPod;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Samples, every few milliseconds while a rollout runs, how many pods of each watched StatefulSet are ready and which
 * pod UIDs were seen, so that a test can assert that no two pods of a set were ever down at once and that every pod
 * was replaced.
 */
final class PodAvailabilityWatch implements AutoCloseable {
    private final TestingOperatorWorld world;
    private final Map<String, Integer> desired;
    private final Map<String, Integer> fewestReady = new ConcurrentHashMap<>();
    private final AtomicInteger fewestReadyTogether;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /** @param desired each watched StatefulSet with its number of pods */
    PodAvailabilityWatch(TestingOperatorWorld world, Map<String, Integer> desired) {
        this.world = world;
        this.desired = Map.copyOf(desired);
        desired.forEach(fewestReady::put);
        this.fewestReadyTogether = new AtomicInteger(desired.values().stream().mapToInt(Integer::intValue).sum());
        this.thread = new Thread(this::run, "pod-availability-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running.get()) {
            List<Pod> pods = world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).list().getItems();
            int together = 0;
            for (String set : desired.keySet()) {
                int ready = (int) pods.stream().filter(p -> ObservedPod.belongsTo(p, set)).filter(PodAvailabilityWatch::ready).count();
                fewestReady.merge(set, ready, Math::min);
                together += ready;
            }
            fewestReadyTogether.accumulateAndGet(together, Math::min);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The fewest ready pods of {@code statefulSet} seen at any sample. */
    int fewestReady(String statefulSet) {
        return fewestReady.get(statefulSet);
    }

    /** The fewest ready pods of all watched StatefulSets together seen at any one sample. */
    int fewestReadyTogether() {
        return fewestReadyTogether.get();
    }

    /** The UIDs of the pods of {@code statefulSet} now. */
    static Set<String> uids(TestingOperatorWorld world, String statefulSet) {
        return world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).list().getItems().stream()
                .filter(p -> ObservedPod.belongsTo(p, statefulSet))
                .map(p -> p.getMetadata().getUid())
                .collect(Collectors.toSet());
    }

    private static boolean ready(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

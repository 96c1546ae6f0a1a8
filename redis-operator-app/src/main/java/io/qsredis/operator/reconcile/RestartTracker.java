package io.qsredis.operator.reconcile;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per pod, the restart count of its main container that the operator last acted on, so that a pass can
 * tell that a container died and was restarted in place (the kubelet's doing, or the testbed's) since then. Kept in
 * memory: after an operator restart the first pass only learns the counts, and Sentinel's own detection covers the gap.
 */
public final class RestartTracker {
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();

    /** Whether the pod's container restarted since {@link #remember} last saw it; false for a pod never seen. */
    public boolean restartedSinceSeen(ObservedPod pod) {
        Integer before = seen.get(pod.uid());
        return before != null && pod.restarts() > before;
    }

    public void remember(ObservedPod pod) {
        seen.put(pod.uid(), pod.restarts());
    }

    /** Forgets pods that are gone. */
    public void retainOnly(Set<String> uids) {
        seen.keySet().retainAll(uids);
    }
}

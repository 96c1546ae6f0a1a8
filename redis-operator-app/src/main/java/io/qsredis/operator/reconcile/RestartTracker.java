package io.qsredis.operator.reconcile;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per pod, what its main container looked like when the operator last acted, so that a pass can tell that
 * the container died since: it stopped running, or the kubelet (or the testbed) restarted it in place and its restart
 * count moved. Kept in memory: after an operator restart the first pass only learns, and Sentinel's own detection
 * covers the gap.
 */
public final class RestartTracker {
    private record Seen(int restarts, boolean running) {}

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    /** Whether the pod's main container died since {@link #remember} last saw it; false for a pod never seen. */
    public boolean diedSinceSeen(ObservedPod pod) {
        Seen before = seen.get(pod.uid());
        return before != null && !pod.terminating() && (pod.restarts() > before.restarts() || (before.running() && !pod.running()));
    }

    public void remember(ObservedPod pod) {
        seen.put(pod.uid(), new Seen(pod.restarts(), pod.running()));
    }

    /** Forgets pods that are gone. */
    public void retainOnly(Set<String> uids) {
        seen.keySet().retainAll(uids);
    }
}

package io.qsredis.renderer.impact;

/** How disruptive applying a spec change is, from least to most; several changes take the largest. */
public enum ChangeImpact {
    /** Applying the rendered objects is all: Services, budgets, StatefulSet settings. No pod is touched. */
    NONE,
    /** Running pods take it without a restart: CONFIG SET, SENTINEL SET, pods added or removed, labels patched. */
    LIVE,
    /** Pods must restart on the new pod template: replicas first, the master last. */
    ROLLING_RESTART,
    /** Slots must move between masters: the number of shards changed. */
    RESHARD,
    /** A StatefulSet field Kubernetes cannot update changed: the StatefulSet is deleted (keeping pods and PVCs) and created again. */
    RECREATE;

    public ChangeImpact max(ChangeImpact other) {
        return compareTo(other) >= 0 ? this : other;
    }
}

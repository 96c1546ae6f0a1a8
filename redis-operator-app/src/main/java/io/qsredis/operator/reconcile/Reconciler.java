package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.client.CustomResource;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;

import java.util.List;

/**
 * Reconciles one kind: observe, validate, reconcile, patch status, all in {@link #reconcile}. The {@link Controller}
 * around it handles what every kind shares (lookup, deletion, finalizer, skip-reconcile, metrics).
 */
public interface Reconciler<P extends CustomResource<?, ?>> {

    PrimaryKind<P> kind();

    /** The finalizer this kind carries; upstream's name, so resources it created are finalized by us after a migration. */
    String finalizer();

    /** One pass over a live resource. Never sleeps or waits: what is not there yet is looked at again later. */
    Outcome reconcile(P resource) throws Exception;

    /** Names of the StatefulSets whose data PVCs ({@code <sts>-<sts>-<ordinal>}) belong to the resource. */
    List<String> statefulSetsWithData(P resource);

    /** Whether the resource asks that its PVCs survive its deletion ({@code storage.keepAfterDelete}). */
    boolean keepsDataAfterDelete(P resource);

    /** The resource is gone: drop whatever is remembered about it. */
    default void forget(ResourceKey key) {}
}

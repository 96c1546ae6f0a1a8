package io.qsredis.operator.rollout;

import io.qsredis.renderer.impact.PodRevision;
import io.qsredis.renderer.impact.RestartReason;

import java.util.Optional;
import java.util.Set;

/**
 * One pod as a rollout sees it.
 *
 * @param name the pod's name
 * @param uid the pod's UID: a pod the operator just deleted may still be listed under it
 * @param ordinal its StatefulSet ordinal
 * @param role what a restart of it costs
 * @param ready whether its pod is ready (serves)
 * @param unsettled why it is not ready and caught up (not ready, replica not linked, not monitoring the master), or empty
 * @param reasons why it must restart to run the desired revision; empty when it runs it
 */
public record RolloutMember(String name, String uid, int ordinal, Role role, boolean ready, Optional<String> unsettled, Set<RestartReason> reasons) {

    public RolloutMember {
        reasons = Set.copyOf(reasons);
    }

    /** What a restart of the pod costs, in the order a rollout restarts them. */
    public enum Role {
        /** A replica, a Sentinel: restarted while the others serve. */
        REPLICA,
        /** A master with a caught-up replica: hands its role over first, then restarts as a replica. */
        PRIMARY,
        /** A master nobody can take over from (a standalone Redis, a shard without replicas): the restart is unavoidable. */
        ALONE
    }

    public boolean stale() {
        return !reasons.isEmpty();
    }

    /** The reasons as a sentence for Events. */
    public String why() {
        return PodRevision.describe(reasons);
    }
}

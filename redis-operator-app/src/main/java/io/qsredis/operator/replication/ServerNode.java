package io.qsredis.operator.replication;

import io.qsredis.operator.reconcile.ObservedPod;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ObservedRedis;
import io.qsredis.topology.replication.ReplicationInfo;

import java.util.Optional;

/**
 * One Redis server pod as a pass observed it: the pod's facts from the API, and the node as redis-topology's planners
 * take it (its INFO replication and key count, or unreachable).
 *
 * @param restarted whether its container died (and was restarted, or not yet) since the operator last looked
 */
public record ServerNode(ObservedPod pod, ObservedRedis redis, boolean restarted) {

    public String name() {
        return pod.name();
    }

    public Endpoint endpoint() {
        return redis.endpoint();
    }

    public boolean reachable() {
        return redis.reachable();
    }

    public boolean isMaster() {
        return redis.replication().map(ReplicationInfo::isMaster).orElse(false);
    }

    public boolean linkUp() {
        return redis.replication().map(ReplicationInfo::masterLinkUp).orElse(false);
    }

    /** A replica in a full resynchronisation. */
    public boolean syncing() {
        return redis.replication().map(ReplicationInfo::syncInProgress).orElse(false);
    }

    public int connectedReplicas() {
        return redis.replication().map(info -> info.connectedReplicas().size()).orElse(0);
    }

    public Optional<String> ip() {
        return pod.ip();
    }
}

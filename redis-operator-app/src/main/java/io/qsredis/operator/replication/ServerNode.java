package io.qsredis.operator.replication;

import io.qsredis.operator.reconcile.ObservedPod;

import java.util.Optional;

/**
 * One Redis server pod as a pass observed it.
 *
 * @param pod what the API says about the pod
 * @param info its {@code INFO replication}, empty when the operator could not reach it
 * @param restarted whether its container died and was restarted (or died) since the operator last looked
 */
public record ServerNode(ObservedPod pod, Optional<InfoReplication> info, boolean restarted) {

    public String name() {
        return pod.name();
    }

    public boolean reachable() {
        return info.isPresent();
    }

    public boolean isMaster() {
        return info.map(InfoReplication::master).orElse(false);
    }

    public long offset() {
        return info.map(InfoReplication::offset).orElse(-1L);
    }

    public Optional<String> ip() {
        return pod.ip();
    }
}

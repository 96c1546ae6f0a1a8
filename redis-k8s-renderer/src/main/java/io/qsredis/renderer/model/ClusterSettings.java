package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.qsredis.renderer.RenderOptions.ClusterEndpointType;

import java.util.Optional;

/**
 * Redis Cluster settings of a leader or follower StatefulSet.
 *
 * @param announceHostname whether nodes announce their pod DNS name ({@code cluster-announce-hostname}, Redis 7;
 *     off for a {@code clusterVersion} before v7, see {@link io.qsredis.model.ClusterVersion})
 * @param nodeConfClaim the {@code node-conf} volume claim template when {@code storage.nodeConfVolume} is true;
 *     nodes.conf then lives in {@code /node-conf}, else in {@code /data}
 */
public record ClusterSettings(
        int busPort,
        boolean announceHostname,
        ClusterEndpointType preferredEndpointType,
        Optional<PersistentVolumeClaim> nodeConfClaim) {}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.qsredis.model.common.ClusterRoleSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The per-role pod fields of a RedisCluster ({@code redisLeader}, {@code redisFollower}). */
record RolePlacement(
        Optional<Probe> readinessProbe,
        Optional<Probe> livenessProbe,
        Optional<Affinity> affinity,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        List<TopologySpreadConstraint> topologySpreadConstraints,
        Optional<SecurityContext> securityContext,
        Optional<Long> terminationGracePeriodSeconds) {

    static RolePlacement of(ClusterRoleSpec role) {
        ClusterRoleSpec spec = role == null ? new ClusterRoleSpec() : role;
        return new RolePlacement(
                Optional.ofNullable(spec.readinessProbe),
                Optional.ofNullable(spec.livenessProbe),
                Optional.ofNullable(spec.affinity),
                SpecReader.sortedMap(spec.nodeSelector),
                SpecReader.list(spec.tolerations),
                SpecReader.list(spec.topologySpreadConstraints),
                Optional.ofNullable(spec.securityContext),
                Optional.ofNullable(spec.terminationGracePeriodSeconds));
    }
}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.qsredis.model.common.ClusterRoleSpec;
import io.qsredis.model.common.PodSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how the pods of a StatefulSet run: the fields a RedisCluster sets per role ({@code redisLeader},
 * {@code redisFollower}) and the other kinds at the top of their spec.
 */
record Placement(
        Optional<Probe> readinessProbe,
        Optional<Probe> livenessProbe,
        Optional<Affinity> affinity,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        List<TopologySpreadConstraint> topologySpreadConstraints,
        Optional<SecurityContext> securityContext,
        Optional<Long> terminationGracePeriodSeconds) {

    static Placement of(ClusterRoleSpec role) {
        ClusterRoleSpec spec = role == null ? new ClusterRoleSpec() : role;
        return new Placement(
                Optional.ofNullable(spec.readinessProbe),
                Optional.ofNullable(spec.livenessProbe),
                Optional.ofNullable(spec.affinity),
                SpecReader.sortedMap(spec.nodeSelector),
                SpecReader.list(spec.tolerations),
                SpecReader.list(spec.topologySpreadConstraints),
                Optional.ofNullable(spec.securityContext),
                Optional.ofNullable(spec.terminationGracePeriodSeconds));
    }

    /** @param topologySpreadConstraints the spec's own: not every kind with a {@link PodSpec} has them */
    static Placement of(PodSpec spec, List<TopologySpreadConstraint> topologySpreadConstraints) {
        return new Placement(
                Optional.ofNullable(spec.readinessProbe),
                Optional.ofNullable(spec.livenessProbe),
                Optional.ofNullable(spec.affinity),
                SpecReader.sortedMap(spec.nodeSelector),
                SpecReader.list(spec.tolerations),
                SpecReader.list(topologySpreadConstraints),
                Optional.ofNullable(spec.securityContext),
                Optional.ofNullable(spec.terminationGracePeriodSeconds));
    }
}

package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;

import java.util.List;
import java.util.Map;

/** Settings of one role of a Redis Cluster: {@code redisLeader} or {@code redisFollower}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterRoleSpec {
    /** Overrides clusterSize for this role's StatefulSet. */
    @Min(0)
    public Integer replicas;

    public RedisConfig redisConfig;
    public Affinity affinity;
    public RedisPodDisruptionBudget pdb;
    public Probe readinessProbe;
    public Probe livenessProbe;
    public List<Toleration> tolerations;
    public Map<String, String> nodeSelector;
    public List<TopologySpreadConstraint> topologySpreadConstraints;
    public SecurityContext securityContext;

    @Min(0)
    public Long terminationGracePeriodSeconds;

    public ResourceRequirements resources;
}

package io.qsredis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.qsredis.model.common.ACLConfig;
import io.qsredis.model.common.EmbeddedSentinel;
import io.qsredis.model.common.PodManagementPolicy;
import io.qsredis.model.common.PodSpec;
import io.qsredis.model.common.RedisConfig;
import io.qsredis.model.common.RedisPodDisruptionBudget;
import io.qsredis.model.common.Storage;

import java.util.List;

/** One master and its replicas, optionally watched by Sentinels the replication runs itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisReplicationSpec extends PodSpec {
    /** Number of Redis pods: one master, the rest replicas. */
    @Required
    @Min(1)
    public Integer clusterSize;

    public RedisConfig redisConfig;
    public Storage storage;
    public ACLConfig acl;
    public RedisPodDisruptionBudget pdb;
    public List<TopologySpreadConstraint> topologySpreadConstraints;
    public PodManagementPolicy podManagementPolicy;
    public EmbeddedSentinel sentinel;
}

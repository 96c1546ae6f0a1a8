package io.qsredis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.qsredis.model.common.ACLConfig;
import io.qsredis.model.common.ClusterRoleSpec;
import io.qsredis.model.common.ClusterStorage;
import io.qsredis.model.common.CommonSpec;
import io.qsredis.model.common.PodManagementPolicy;
import io.qsredis.model.common.RedisConfig;

/** A Redis Cluster: clusterSize shards, each a leader with followers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisClusterSpec extends CommonSpec {
    /** Number of shards (leaders); also the follower count unless redisFollower.replicas says otherwise. */
    @Required
    @Min(1)
    @PrinterColumn(name = "ClusterSize")
    public Integer clusterSize;

    public Boolean hostNetwork;

    @Default("6379")
    @Min(1)
    @Max(55535)
    public Integer port;

    @Default("v7")
    public String clusterVersion;

    public RedisConfig redisConfig;
    public ClusterRoleSpec redisLeader;
    public ClusterRoleSpec redisFollower;
    public ClusterStorage storage;
    public ResourceRequirements resources;
    public ACLConfig acl;
    public Boolean persistenceEnabled;
    public PodManagementPolicy podManagementPolicy;
}

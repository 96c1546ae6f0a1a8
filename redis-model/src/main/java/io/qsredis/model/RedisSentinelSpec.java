package io.qsredis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.qsredis.model.common.AdditionalVolume;
import io.qsredis.model.common.PodManagementPolicy;
import io.qsredis.model.common.PodSpec;
import io.qsredis.model.common.RedisPodDisruptionBudget;
import io.qsredis.model.common.RedisSentinelConfig;

import java.util.List;

/** Sentinels watching a RedisReplication. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisSentinelSpec extends PodSpec {
    /** Number of Sentinels; odd, so that a majority always exists. */
    @Required
    @Default("3")
    @Min(1)
    @ValidationRule(value = "self % 2 == 1", message = "clusterSize of a RedisSentinel must be odd (3, 5, ...) so that a majority of Sentinels can always agree")
    public Integer clusterSize;

    public RedisSentinelConfig redisSentinelConfig;
    public RedisPodDisruptionBudget pdb;
    public List<TopologySpreadConstraint> topologySpreadConstraints;
    public AdditionalVolume volumeMount;
    public PodManagementPolicy podManagementPolicy;
}

package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVarSource;

/** A RedisSentinel's monitoring target: the RedisReplication it watches and the group name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisSentinelConfig extends SentinelConfig {
    @Default("6379")
    @Pattern("^[0-9]+$")
    public String redisPort;

    @Default("myMaster")
    public String masterGroupName;

    @Required
    public String redisReplicationName;

    /** Where the password of the watched RedisReplication comes from (a secretKeyRef). */
    public EnvVarSource redisReplicationPassword;
}

package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

import java.util.List;

/** Redis settings beyond the ones the operator writes itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisConfig {
    /** Percentage of the container's memory limit given to Redis as {@code maxmemory}. */
    @Min(1)
    @Max(100)
    public Integer maxMemoryPercentOfLimit;

    /** {@code "name value"} pairs applied live with {@code CONFIG SET}. */
    public List<String> dynamicConfig;

    /** Name of a ConfigMap whose key {@code redis-additional.conf} is included last in redis.conf. */
    public String additionalRedisConfig;
}

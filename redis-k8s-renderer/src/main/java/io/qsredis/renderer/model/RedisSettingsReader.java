package io.qsredis.renderer.model;

import io.qsredis.model.common.ACLConfig;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.RedisConfig;
import io.qsredis.model.common.TLSConfig;

import java.util.Optional;

/** Reads {@link RedisSettings}; the cluster kind passes a role's redisConfig merged over the top-level one. */
final class RedisSettingsReader {
    private RedisSettingsReader() {}

    static RedisSettings read(
            RedisConfig redisConfig,
            KubernetesConfig config,
            TLSConfig tls,
            ACLConfig acl,
            PodSettings pod,
            boolean persistence) {
        RedisConfig redis = redisConfig == null ? new RedisConfig() : redisConfig;
        return new RedisSettings(
                SpecReader.password(config.redisSecret),
                SpecReader.tls(tls),
                SpecReader.acl(acl),
                SpecReader.dynamicConfig(redis.dynamicConfig),
                SpecReader.maxmemory(redis.maxMemoryPercentOfLimit, pod.resources()),
                Optional.ofNullable(redis.additionalRedisConfig).filter(SpecReader::notBlank),
                persistence);
    }
}

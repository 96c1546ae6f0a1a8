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
            boolean persistence,
            String field,
            SpecProblems problems) {
        RedisConfig redis = redisConfig == null ? new RedisConfig() : redisConfig;
        return new RedisSettings(
                SpecReader.password(config.redisSecret, "spec.kubernetesConfig.redisSecret", problems),
                SpecReader.tls(tls, problems),
                SpecReader.acl(acl, problems),
                SpecReader.dynamicConfig(redis.dynamicConfig, field + ".dynamicConfig", problems),
                SpecReader.maxmemory(redis.maxMemoryPercentOfLimit, pod.resources(), field + ".maxMemoryPercentOfLimit", problems),
                Optional.ofNullable(redis.additionalRedisConfig).filter(SpecReader::notBlank),
                persistence);
    }
}

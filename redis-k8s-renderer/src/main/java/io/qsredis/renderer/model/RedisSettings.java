package io.qsredis.renderer.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What goes into the redis.conf of one StatefulSet.
 *
 * @param password {@code kubernetesConfig.redisSecret}: requirepass and masterauth; changed live by the operator
 * @param dynamicConfig {@code "name value"} lines of {@code redisConfig.dynamicConfig}, applied live with CONFIG SET
 * @param maxmemoryBytes {@code maxMemoryPercentOfLimit} of the container's memory limit, applied live
 * @param additionalConfigMap name of the ConfigMap whose {@code redis-additional.conf} is included last
 * @param persistence whether Redis writes RDB snapshots and an AOF to its data volume (a PVC)
 */
public record RedisSettings(
        Optional<SecretKeyRef> password,
        Optional<TlsSettings> tls,
        Optional<AclSettings> acl,
        List<String> dynamicConfig,
        OptionalLong maxmemoryBytes,
        Optional<String> additionalConfigMap,
        boolean persistence) {

    public RedisSettings {
        dynamicConfig = List.copyOf(dynamicConfig);
    }
}

package io.qsredis.renderer.model;

import io.qsredis.model.RedisSentinel;
import io.qsredis.model.RedisSentinelSpec;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.RedisSentinelConfig;
import io.qsredis.model.schema.CrdDefaults;
import io.qsredis.renderer.RenderOptions;

import java.util.Optional;

/**
 * A validated, defaulted view of a {@code RedisSentinel}: StatefulSet {@code X-sentinel} of {@code clusterSize}
 * (default 3) Sentinels watching the master of RedisReplication {@link SentinelMonitor#replicationName()}.
 */
public record RedisSentinelModel(SentinelSetModel sentinels, SentinelMonitor monitor) {

    public static RedisSentinelModel fromCr(RedisSentinel cr) {
        return fromCr(cr, RenderOptions.defaults());
    }

    /** @throws InvalidSpecException listing every error of the spec */
    public static RedisSentinelModel fromCr(RedisSentinel given, RenderOptions options) {
        RedisSentinel cr = CrdDefaults.applied(given);
        InvalidSpecException.requireValid(cr);
        Owner owner = Owner.of(cr);
        RedisSentinelSpec spec = cr.getSpec();
        KubernetesConfig config = spec.kubernetesConfig;
        int size = spec.clusterSize;
        String name = owner.name() + "-sentinel";
        RedisSentinelConfig sentinel = spec.redisSentinelConfig;
        PodSettings pod = PodSettingsReader.fromPodSpec(
                spec, config, spec.volumeMount, spec.topologySpreadConstraints, spec.podManagementPolicy);
        String group = sentinel.masterGroupName;
        SentinelSetModel sentinels = new SentinelSetModel(
                owner,
                name,
                group,
                name + "-headless",
                size,
                SpecReader.yes(sentinel.resolveHostnames),
                SpecReader.yes(sentinel.announceHostnames),
                SpecReader.password(config.redisSecret),
                SpecReader.tls(spec.TLS),
                Optional.ofNullable(sentinel.additionalSentinelConfig).filter(SpecReader::notBlank),
                pod,
                SpecReader.services(config.service),
                SpecReader.pdb(spec.pdb, size),
                options.clusterDomain());
        SentinelMonitor monitor = new SentinelMonitor(
                group,
                sentinel.redisReplicationName,
                Integer.parseInt(sentinel.redisPort),
                Integer.parseInt(sentinel.quorum),
                Long.parseLong(sentinel.downAfterMilliseconds),
                Long.parseLong(sentinel.failoverTimeout),
                Integer.parseInt(sentinel.parallelSyncs),
                Optional.ofNullable(sentinel.redisReplicationPassword)
                        .map(source -> new SecretKeyRef(source.getSecretKeyRef().getName(), source.getSecretKeyRef().getKey())));
        return new RedisSentinelModel(sentinels, monitor);
    }

    public String podDisruptionBudgetName() {
        return sentinels.name();
    }
}

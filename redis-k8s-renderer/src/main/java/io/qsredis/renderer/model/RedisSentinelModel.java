package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.RedisSentinelSpec;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.RedisSentinelConfig;
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

    /** @throws InvalidSpecException listing every problem of the spec that prevents rendering */
    public static RedisSentinelModel fromCr(RedisSentinel cr, RenderOptions options) {
        SpecProblems problems = new SpecProblems("RedisSentinel " + (cr.getMetadata() == null ? "" : cr.getMetadata().getName()));
        Owner owner = Owner.of(cr, problems);
        RedisSentinelSpec spec = cr.getSpec() == null ? new RedisSentinelSpec() : cr.getSpec();
        KubernetesConfig config = SpecReader.kubernetesConfig(spec, problems);
        int size = spec.clusterSize == null ? ApiDefaults.SENTINEL_CLUSTER_SIZE : spec.clusterSize;
        problems.require(size >= 1, "spec.clusterSize must be at least 1");
        String name = owner.name() + "-sentinel";
        RedisSentinelConfig sentinel = spec.redisSentinelConfig == null ? new RedisSentinelConfig() : spec.redisSentinelConfig;
        problems.require(SpecReader.notBlank(sentinel.redisReplicationName), "spec.redisSentinelConfig.redisReplicationName is required");
        PodSettings pod = PodSettingsReader.fromPodSpec(
                spec, config, spec.volumeMount, spec.topologySpreadConstraints, spec.podManagementPolicy, true, problems);
        SentinelSetModel sentinels = new SentinelSetModel(
                owner,
                name,
                name + "-headless",
                Math.max(size, 1),
                SpecReader.parseYesNo(sentinel.resolveHostnames, ApiDefaults.RESOLVE_HOSTNAMES, "spec.redisSentinelConfig.resolveHostnames", problems),
                SpecReader.parseYesNo(sentinel.announceHostnames, ApiDefaults.ANNOUNCE_HOSTNAMES, "spec.redisSentinelConfig.announceHostnames", problems),
                SpecReader.password(config.redisSecret, "spec.kubernetesConfig.redisSecret", problems),
                SpecReader.tls(spec.TLS, problems),
                Optional.ofNullable(sentinel.additionalSentinelConfig).filter(SpecReader::notBlank),
                pod,
                SpecReader.services(config.service),
                SpecReader.pdb(spec.pdb, Math.max(size, 1), "spec.pdb", problems),
                options.clusterDomain());
        SentinelMonitor monitor = new SentinelMonitor(
                SpecReader.orDefault(sentinel.masterGroupName, ApiDefaults.MASTER_GROUP_NAME),
                sentinel.redisReplicationName,
                SpecReader.parseNumber(sentinel.redisPort, ApiDefaults.REDIS_PORT, "spec.redisSentinelConfig.redisPort", problems),
                SpecReader.parseNumber(sentinel.quorum, ApiDefaults.QUORUM, "spec.redisSentinelConfig.quorum", problems),
                SpecReader.parseLong(sentinel.downAfterMilliseconds, ApiDefaults.DOWN_AFTER_MS, "spec.redisSentinelConfig.downAfterMilliseconds", problems),
                SpecReader.parseLong(sentinel.failoverTimeout, ApiDefaults.FAILOVER_TIMEOUT_MS, "spec.redisSentinelConfig.failoverTimeout", problems),
                SpecReader.parseNumber(sentinel.parallelSyncs, ApiDefaults.PARALLEL_SYNCS, "spec.redisSentinelConfig.parallelSyncs", problems),
                masterPassword(sentinel.redisReplicationPassword, problems));
        problems.throwIfAny();
        return new RedisSentinelModel(sentinels, monitor);
    }

    public String podDisruptionBudgetName() {
        return sentinels.name();
    }

    private static Optional<SecretKeyRef> masterPassword(EnvVarSource source, SpecProblems problems) {
        if (source == null) {
            return Optional.empty();
        }
        boolean secretRef = source.getSecretKeyRef() != null
                && SpecReader.notBlank(source.getSecretKeyRef().getName())
                && SpecReader.notBlank(source.getSecretKeyRef().getKey());
        problems.require(secretRef, "spec.redisSentinelConfig.redisReplicationPassword must be a secretKeyRef with name and key");
        return secretRef
                ? Optional.of(new SecretKeyRef(source.getSecretKeyRef().getName(), source.getSecretKeyRef().getKey()))
                : Optional.empty();
    }
}

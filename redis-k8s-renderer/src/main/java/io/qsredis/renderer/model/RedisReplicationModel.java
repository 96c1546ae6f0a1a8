package io.qsredis.renderer.model;

import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisReplicationSpec;
import io.qsredis.model.common.EmbeddedSentinel;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.Storage;
import io.qsredis.renderer.RenderOptions;

import java.util.List;
import java.util.Optional;

/**
 * A validated, defaulted view of a {@code RedisReplication}: StatefulSet {@code X} of {@code clusterSize} servers
 * (one master, the rest replicas, chosen live by the operator), and, when {@code spec.sentinel} is set, the
 * Sentinels it runs itself (StatefulSet {@code X-s}) watching group {@link SentinelMonitor#masterGroupName()}.
 */
public record RedisReplicationModel(ServerSetModel servers, Optional<SentinelSetModel> sentinels, Optional<SentinelMonitor> sentinelMonitor) {

    public static RedisReplicationModel fromCr(RedisReplication cr) {
        return fromCr(cr, RenderOptions.defaults());
    }

    /** @throws InvalidSpecException listing every problem of the spec that prevents rendering */
    public static RedisReplicationModel fromCr(RedisReplication cr, RenderOptions options) {
        SpecProblems problems = new SpecProblems("RedisReplication " + (cr.getMetadata() == null ? "" : cr.getMetadata().getName()));
        Owner owner = Owner.of(cr, problems);
        RedisReplicationSpec spec = cr.getSpec() == null ? new RedisReplicationSpec() : cr.getSpec();
        KubernetesConfig config = SpecReader.kubernetesConfig(spec, problems);
        problems.require(spec.clusterSize != null && spec.clusterSize >= 1, "spec.clusterSize is required and at least 1");
        int size = spec.clusterSize == null ? 1 : Math.max(spec.clusterSize, 1);
        Storage storage = spec.storage == null ? new Storage() : spec.storage;
        PodSettings pod = PodSettingsReader.fromPodSpec(
                spec, config, storage.volumeMount, spec.topologySpreadConstraints, spec.podManagementPolicy, true, problems);
        ServerSetModel servers = new ServerSetModel(
                owner,
                owner.name(),
                SetupType.REPLICATION,
                Role.REPLICATION,
                size,
                ApiDefaults.REDIS_PORT,
                Optional.empty(),
                RedisSettingsReader.read(spec.redisConfig, config, spec.TLS, spec.acl, pod, storage.volumeClaimTemplate != null, "spec.redisConfig", problems),
                Optional.ofNullable(storage.volumeClaimTemplate),
                Boolean.TRUE.equals(storage.keepAfterDelete),
                pod,
                SpecReader.services(config.service),
                SpecReader.pdb(spec.pdb, size, "spec.pdb", problems),
                options.clusterDomain());
        Optional<SentinelSetModel> sentinels = Optional.ofNullable(spec.sentinel)
                .map(sentinel -> embeddedSentinels(owner, config, servers, sentinel, options, problems));
        Optional<SentinelMonitor> monitor = Optional.ofNullable(spec.sentinel)
                .map(sentinel -> new SentinelMonitor(
                        ApiDefaults.MASTER_GROUP_NAME,
                        owner.name(),
                        ApiDefaults.REDIS_PORT,
                        SpecReader.parseNumber(sentinel.quorum, ApiDefaults.QUORUM, "spec.sentinel.quorum", problems),
                        SpecReader.parseLong(sentinel.downAfterMilliseconds, ApiDefaults.DOWN_AFTER_MS, "spec.sentinel.downAfterMilliseconds", problems),
                        SpecReader.parseLong(sentinel.failoverTimeout, ApiDefaults.FAILOVER_TIMEOUT_MS, "spec.sentinel.failoverTimeout", problems),
                        SpecReader.parseNumber(sentinel.parallelSyncs, ApiDefaults.PARALLEL_SYNCS, "spec.sentinel.parallelSyncs", problems),
                        servers.redis().password()));
        problems.throwIfAny();
        return new RedisReplicationModel(servers, sentinels, monitor);
    }

    /** Selects the pod that is master now, by the label the operator sets live. */
    public String masterServiceName() {
        return servers.name() + "-master";
    }

    /** Selects the pods that are replicas now. */
    public String replicaServiceName() {
        return servers.name() + "-replica";
    }

    public String podDisruptionBudgetName() {
        return servers.name() + "-replication";
    }

    private static SentinelSetModel embeddedSentinels(
            Owner owner, KubernetesConfig config, ServerSetModel servers, EmbeddedSentinel sentinel, RenderOptions options, SpecProblems problems) {
        String name = owner.name() + "-s";
        KubernetesConfig sentinelConfig = new KubernetesConfig();
        sentinelConfig.image = SpecReader.orDefault(sentinel.image, config.image);
        sentinelConfig.imagePullPolicy = sentinel.imagePullPolicy != null ? sentinel.imagePullPolicy : config.imagePullPolicy;
        sentinelConfig.imagePullSecrets = sentinel.imagePullSecrets != null ? sentinel.imagePullSecrets : config.imagePullSecrets;
        sentinelConfig.updateStrategy = sentinel.updateStrategy;
        sentinelConfig.minReadySeconds = sentinel.minReadySeconds;
        sentinelConfig.persistentVolumeClaimRetentionPolicy = sentinel.persistentVolumeClaimRetentionPolicy;
        sentinelConfig.ignoreAnnotations = sentinel.ignoreAnnotations;
        problems.require(sentinel.size == null || sentinel.size >= 1, "spec.sentinel.size must be at least 1");
        int size = sentinel.size == null ? ApiDefaults.EMBEDDED_SENTINEL_SIZE : Math.max(sentinel.size, 1);
        PodSettings pod = new PodSettings(
                sentinelConfig.image,
                Optional.ofNullable(sentinelConfig.imagePullPolicy),
                SpecReader.list(sentinelConfig.imagePullSecrets),
                Optional.ofNullable(sentinel.resources),
                Optional.empty(),
                Optional.empty(),
                Optional.ofNullable(sentinel.affinity),
                SpecReader.sortedMap(sentinel.nodeSelector),
                SpecReader.list(sentinel.tolerations),
                SpecReader.list(sentinel.topologySpreadConstraints),
                Optional.ofNullable(sentinel.priorityClassName),
                Optional.ofNullable(sentinel.podSecurityContext),
                Optional.ofNullable(sentinel.securityContext),
                Optional.ofNullable(sentinel.terminationGracePeriodSeconds),
                Optional.ofNullable(sentinel.serviceAccountName),
                List.of(),
                List.of(),
                Optional.empty(),
                List.of(),
                List.of(),
                false,
                Optional.empty(),
                Optional.empty(),
                SpecReader.statefulSet(sentinelConfig, null, true),
                SpecReader.list(sentinelConfig.ignoreAnnotations));
        return new SentinelSetModel(
                owner,
                name,
                name + "-hl",
                size,
                SpecReader.parseYesNo(sentinel.resolveHostnames, ApiDefaults.RESOLVE_HOSTNAMES, "spec.sentinel.resolveHostnames", problems),
                SpecReader.parseYesNo(sentinel.announceHostnames, ApiDefaults.ANNOUNCE_HOSTNAMES, "spec.sentinel.announceHostnames", problems),
                SpecReader.password(sentinel.redisSecret, "spec.sentinel.redisSecret", problems),
                servers.redis().tls(),
                Optional.ofNullable(sentinel.additionalSentinelConfig).filter(SpecReader::notBlank),
                pod,
                SpecReader.services(sentinel.service),
                Optional.empty(),
                options.clusterDomain());
    }
}

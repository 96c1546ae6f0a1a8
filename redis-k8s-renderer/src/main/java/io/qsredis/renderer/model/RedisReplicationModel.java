package io.qsredis.renderer.model;

import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisReplicationSpec;
import io.qsredis.model.common.EmbeddedSentinel;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.Storage;
import io.qsredis.model.schema.CrdDefaults;
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

    /** @throws InvalidSpecException listing every error of the spec */
    public static RedisReplicationModel fromCr(RedisReplication given, RenderOptions options) {
        RedisReplication cr = CrdDefaults.applied(given);
        InvalidSpecException.requireValid(cr);
        Owner owner = Owner.of(cr);
        RedisReplicationSpec spec = cr.getSpec();
        KubernetesConfig config = spec.kubernetesConfig;
        int size = spec.clusterSize;
        Storage storage = spec.storage == null ? new Storage() : spec.storage;
        PodSettings pod = PodSettingsReader.fromPodSpec(
                spec, config, storage.volumeMount, spec.topologySpreadConstraints, spec.podManagementPolicy);
        ServerSetModel servers = ServerSetReader.read(
                owner, SetupType.REPLICATION, Role.REPLICATION, size, spec, spec.redisConfig, spec.acl, storage, pod, SpecReader.pdb(spec.pdb, size), options);
        Optional<SentinelSetModel> sentinels = Optional.ofNullable(spec.sentinel)
                .map(sentinel -> embeddedSentinels(owner, config, servers, sentinel, options));
        Optional<SentinelMonitor> monitor = Optional.ofNullable(spec.sentinel)
                .map(sentinel -> new SentinelMonitor(
                        FixedSettings.MASTER_GROUP_NAME,
                        owner.name(),
                        FixedSettings.REDIS_PORT,
                        Integer.parseInt(sentinel.quorum),
                        Long.parseLong(sentinel.downAfterMilliseconds),
                        Long.parseLong(sentinel.failoverTimeout),
                        Integer.parseInt(sentinel.parallelSyncs),
                        servers.redis().password()));
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
            Owner owner, KubernetesConfig config, ServerSetModel servers, EmbeddedSentinel sentinel, RenderOptions options) {
        String name = owner.name() + "-s";
        KubernetesConfig sentinelConfig = new KubernetesConfig();
        sentinelConfig.image = SpecReader.orDefault(sentinel.image, config.image);
        sentinelConfig.imagePullPolicy = sentinel.imagePullPolicy != null ? sentinel.imagePullPolicy : config.imagePullPolicy;
        sentinelConfig.imagePullSecrets = sentinel.imagePullSecrets != null ? sentinel.imagePullSecrets : config.imagePullSecrets;
        sentinelConfig.updateStrategy = sentinel.updateStrategy;
        sentinelConfig.minReadySeconds = sentinel.minReadySeconds;
        sentinelConfig.persistentVolumeClaimRetentionPolicy = sentinel.persistentVolumeClaimRetentionPolicy;
        sentinelConfig.ignoreAnnotations = sentinel.ignoreAnnotations;
        int size = sentinel.size;
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
                SpecReader.statefulSet(sentinelConfig, null),
                SpecReader.list(sentinelConfig.ignoreAnnotations));
        return new SentinelSetModel(
                owner,
                name,
                FixedSettings.MASTER_GROUP_NAME,
                name + "-hl",
                size,
                SpecReader.yes(sentinel.resolveHostnames),
                SpecReader.yes(sentinel.announceHostnames),
                SpecReader.password(sentinel.redisSecret),
                servers.redis().tls(),
                Optional.ofNullable(sentinel.additionalSentinelConfig).filter(SpecReader::notBlank),
                pod,
                SpecReader.services(sentinel.service),
                Optional.empty(),
                options.clusterDomain());
    }
}

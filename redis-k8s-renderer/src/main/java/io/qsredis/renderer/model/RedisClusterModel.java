package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisClusterSpec;
import io.qsredis.model.common.ClusterRoleSpec;
import io.qsredis.model.common.ClusterStorage;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.RedisConfig;
import io.qsredis.renderer.RenderOptions;

import java.util.Optional;

/**
 * A validated, defaulted view of a {@code RedisCluster}: {@link #shards()} masters, StatefulSets {@code X-leader}
 * and {@code X-follower}. Which pod is a master is decided live; the StatefulSet a pod belongs to only says where
 * it starts.
 *
 * @param shards {@code clusterSize}
 */
public record RedisClusterModel(Owner owner, int shards, ServerSetModel leaders, ServerSetModel followers) {

    public static RedisClusterModel fromCr(RedisCluster cr) {
        return fromCr(cr, RenderOptions.defaults());
    }

    /** @throws InvalidSpecException listing every problem of the spec that prevents rendering */
    public static RedisClusterModel fromCr(RedisCluster cr, RenderOptions options) {
        SpecProblems problems = new SpecProblems("RedisCluster " + (cr.getMetadata() == null ? "" : cr.getMetadata().getName()));
        Owner owner = Owner.of(cr, problems);
        RedisClusterSpec spec = cr.getSpec() == null ? new RedisClusterSpec() : cr.getSpec();
        KubernetesConfig config = SpecReader.kubernetesConfig(spec, problems);
        problems.require(spec.clusterSize != null && spec.clusterSize >= 1, "spec.clusterSize is required and at least 1");
        int shards = spec.clusterSize == null ? 1 : Math.max(spec.clusterSize, 1);
        int port = spec.port == null ? ApiDefaults.REDIS_PORT : spec.port;
        problems.require(port >= 1 && port <= 55535, "spec.port must be between 1 and 55535 (the bus port is port + 10000)");
        ClusterStorage storage = spec.storage == null ? new ClusterStorage() : spec.storage;
        boolean persistence = Boolean.TRUE.equals(spec.persistenceEnabled);
        problems.require(!persistence || storage.volumeClaimTemplate != null,
                "spec.persistenceEnabled needs spec.storage.volumeClaimTemplate");
        Optional<PersistentVolumeClaim> dataClaim = persistence ? Optional.ofNullable(storage.volumeClaimTemplate) : Optional.empty();
        Optional<PersistentVolumeClaim> nodeConfClaim = Optional.empty();
        if (Boolean.TRUE.equals(storage.nodeConfVolume)) {
            PersistentVolumeClaim claim = storage.nodeConfVolumeClaimTemplate != null ? storage.nodeConfVolumeClaimTemplate : storage.volumeClaimTemplate;
            problems.require(claim != null, "spec.storage.nodeConfVolume needs spec.storage.nodeConfVolumeClaimTemplate (or volumeClaimTemplate)");
            nodeConfClaim = Optional.ofNullable(claim);
        }
        String version = spec.clusterVersion == null ? ApiDefaults.CLUSTER_VERSION : spec.clusterVersion;
        problems.require(version.equals("v6") || version.equals("v7"), "spec.clusterVersion must be v6 or v7");
        ClusterSettings cluster = new ClusterSettings(
                port + ApiDefaults.BUS_PORT_OFFSET, !version.equals("v6"), options.clusterEndpointType(), nodeConfClaim);

        Roles roles = new Roles(owner, spec, config, port, cluster, dataClaim, storage, options, problems);
        ServerSetModel leaders = roles.role(Role.LEADER, spec.redisLeader, shards, "spec.redisLeader");
        ServerSetModel followers = roles.role(Role.FOLLOWER, spec.redisFollower, shards, "spec.redisFollower");
        problems.throwIfAny();
        return new RedisClusterModel(owner, shards, leaders, followers);
    }

    /** Selects the pods that are cluster masters now, whatever their StatefulSet. */
    public String masterServiceName() {
        return owner.name() + "-master";
    }

    /** The ports and size of every leader and follower pod. */
    private record Roles(
            Owner owner,
            RedisClusterSpec spec,
            KubernetesConfig config,
            int port,
            ClusterSettings cluster,
            Optional<PersistentVolumeClaim> dataClaim,
            ClusterStorage storage,
            RenderOptions options,
            SpecProblems problems) {

        ServerSetModel role(Role role, ClusterRoleSpec roleSpec, int shards, String field) {
            ClusterRoleSpec settings = roleSpec == null ? new ClusterRoleSpec() : roleSpec;
            problems.require(settings.replicas == null || settings.replicas >= 0, field + ".replicas must not be negative");
            int replicas = settings.replicas == null ? shards : Math.max(settings.replicas, 0);
            Optional<ResourceRequirements> resources = Optional.ofNullable(settings.resources)
                    .or(() -> Optional.ofNullable(spec.resources))
                    .or(() -> Optional.ofNullable(config.resources));
            PodSettings pod = PodSettingsReader.fromCommonSpec(
                    spec,
                    config,
                    resources,
                    RolePlacement.of(settings),
                    storage.volumeMount,
                    Boolean.TRUE.equals(spec.hostNetwork),
                    spec.podManagementPolicy,
                    problems);
            String redisConfigField = settings.redisConfig != null ? field + ".redisConfig" : "spec.redisConfig";
            return new ServerSetModel(
                    owner,
                    owner.name() + "-" + role.label(),
                    SetupType.CLUSTER,
                    role,
                    replicas,
                    port,
                    Optional.of(cluster),
                    RedisSettingsReader.read(merge(spec.redisConfig, settings.redisConfig), config, spec.TLS, spec.acl, pod,
                            dataClaim.isPresent(), redisConfigField, problems),
                    dataClaim,
                    Boolean.TRUE.equals(storage.keepAfterDelete),
                    pod,
                    SpecReader.services(config.service),
                    SpecReader.pdb(settings.pdb, replicas, field + ".pdb", problems),
                    options.clusterDomain());
        }

        /** A role's redisConfig fields win over the top-level ones, field by field. */
        private static RedisConfig merge(RedisConfig top, RedisConfig role) {
            RedisConfig base = top == null ? new RedisConfig() : top;
            if (role == null) {
                return base;
            }
            RedisConfig merged = new RedisConfig();
            merged.additionalRedisConfig = role.additionalRedisConfig != null ? role.additionalRedisConfig : base.additionalRedisConfig;
            merged.dynamicConfig = role.dynamicConfig != null ? role.dynamicConfig : base.dynamicConfig;
            merged.maxMemoryPercentOfLimit = role.maxMemoryPercentOfLimit != null ? role.maxMemoryPercentOfLimit : base.maxMemoryPercentOfLimit;
            return merged;
        }
    }
}

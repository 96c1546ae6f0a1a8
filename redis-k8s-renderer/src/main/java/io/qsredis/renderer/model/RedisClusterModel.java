package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.qsredis.model.ClusterVersion;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisClusterSpec;
import io.qsredis.model.common.ClusterRoleSpec;
import io.qsredis.model.common.ClusterStorage;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.RedisConfig;
import io.qsredis.model.schema.CrdDefaults;
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

    /** @throws InvalidSpecException listing every error of the spec */
    public static RedisClusterModel fromCr(RedisCluster given, RenderOptions options) {
        RedisCluster cr = CrdDefaults.applied(given);
        InvalidSpecException.requireValid(cr);
        Owner owner = Owner.of(cr);
        RedisClusterSpec spec = cr.getSpec();
        KubernetesConfig config = spec.kubernetesConfig;
        int shards = spec.clusterSize;
        int port = spec.port;
        ClusterStorage storage = spec.storage == null ? new ClusterStorage() : spec.storage;
        Optional<PersistentVolumeClaim> dataClaim = Boolean.TRUE.equals(spec.persistenceEnabled)
                ? Optional.of(storage.volumeClaimTemplate)
                : Optional.empty();
        // Without a template of its own, nodes.conf gets a volume like the data volume (the validator warns).
        Optional<PersistentVolumeClaim> nodeConfClaim = Boolean.TRUE.equals(storage.nodeConfVolume)
                ? Optional.of(storage.nodeConfVolumeClaimTemplate != null ? storage.nodeConfVolumeClaimTemplate : storage.volumeClaimTemplate)
                : Optional.empty();
        // Clients outside the Kubernetes cluster cannot resolve pod DNS names: with per-pod Services, MOVED names the
        // address each node announces for them.
        RenderOptions.ClusterEndpointType endpointType = SpecReader.services(config.service).podServiceType().isPresent()
                ? RenderOptions.ClusterEndpointType.IP
                : options.clusterEndpointType();
        ClusterSettings cluster = new ClusterSettings(
                port + FixedSettings.BUS_PORT_OFFSET, ClusterVersion.announcesHostnames(spec.clusterVersion), endpointType, nodeConfClaim);

        Roles roles = new Roles(owner, spec, config, port, cluster, dataClaim, storage, options);
        ServerSetModel leaders = roles.role(Role.LEADER, spec.redisLeader, shards);
        ServerSetModel followers = roles.role(Role.FOLLOWER, spec.redisFollower, shards);
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
            RenderOptions options) {

        ServerSetModel role(Role role, ClusterRoleSpec roleSpec, int shards) {
            ClusterRoleSpec settings = roleSpec == null ? new ClusterRoleSpec() : roleSpec;
            int replicas = settings.replicas == null ? shards : settings.replicas;
            Optional<ResourceRequirements> resources = Optional.ofNullable(settings.resources)
                    .or(() -> Optional.ofNullable(spec.resources))
                    .or(() -> Optional.ofNullable(config.resources));
            PodSettings pod = PodSettingsReader.fromCommonSpec(
                    spec,
                    config,
                    resources,
                    Placement.of(settings),
                    storage.volumeMount,
                    Boolean.TRUE.equals(spec.hostNetwork),
                    spec.podManagementPolicy);
            return new ServerSetModel(
                    owner,
                    owner.name() + "-" + role.label(),
                    SetupType.CLUSTER,
                    role,
                    replicas,
                    port,
                    Optional.of(cluster),
                    RedisSettingsReader.read(merge(spec.redisConfig, settings.redisConfig), config, spec.TLS, spec.acl, pod, dataClaim.isPresent()),
                    dataClaim,
                    Boolean.TRUE.equals(storage.keepAfterDelete),
                    pod,
                    SpecReader.services(config.service),
                    SpecReader.pdb(settings.pdb, replicas),
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

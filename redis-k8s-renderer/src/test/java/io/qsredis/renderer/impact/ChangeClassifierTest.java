package io.qsredis.renderer.impact;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.ClusterRoleSpec;
import io.qsredis.model.common.ClusterStorage;
import io.qsredis.model.common.EmbeddedSentinel;
import io.qsredis.model.common.ExistingPasswordSecret;
import io.qsredis.model.common.PodManagementPolicy;
import io.qsredis.model.common.RedisConfig;
import io.qsredis.model.common.ServiceConfig;
import io.qsredis.model.common.ServiceType;
import io.qsredis.model.common.Storage;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.TestingResources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of spec edit gets the impact the operator must apply it with, and says why. */
class ChangeClassifierTest {

    record Edit(String description, String resource, Consumer<HasMetadata> edit, ChangeImpact impact, List<ChangeReason> reasons) {
        @Override
        public String toString() {
            return description;
        }
    }

    static final List<Edit> EDITS = List.of(
            new Edit("nothing changed", "redis-minimal", cr -> { }, ChangeImpact.NONE, List.of()),
            new Edit("dynamicConfig added", "redis-minimal",
                    cr -> redis(cr).getSpec().redisConfig = redisConfig(List.of("maxmemory-policy allkeys-lru"), null),
                    ChangeImpact.LIVE, List.of(ChangeReason.LIVE_CONFIG_CHANGED)),
            new Edit("maxMemoryPercentOfLimit changed", "redis-full",
                    cr -> redis(cr).getSpec().redisConfig.maxMemoryPercentOfLimit = 60,
                    ChangeImpact.LIVE, List.of(ChangeReason.LIVE_CONFIG_CHANGED)),
            new Edit("password Secret set", "redis-minimal",
                    cr -> redis(cr).getSpec().kubernetesConfig.redisSecret = secret("cache-auth", "password"),
                    ChangeImpact.LIVE, List.of(ChangeReason.PASSWORD_SECRET_CHANGED)),
            new Edit("password Secret key renamed", "cluster-full",
                    cr -> cluster(cr).getSpec().kubernetesConfig.redisSecret = secret("sessions-auth", "new-password"),
                    ChangeImpact.LIVE, List.of(ChangeReason.PASSWORD_SECRET_CHANGED)),
            new Edit("image changed", "redis-minimal",
                    cr -> redis(cr).getSpec().kubernetesConfig.image = "redis:7.2.4",
                    ChangeImpact.ROLLING_RESTART, List.of(ChangeReason.IMAGE_CHANGED)),
            new Edit("additional configuration ConfigMap set", "redis-minimal",
                    cr -> redis(cr).getSpec().redisConfig = redisConfig(null, "cache-extra"),
                    ChangeImpact.ROLLING_RESTART, List.of(ChangeReason.CONFIG_CHANGED, ChangeReason.POD_SPEC_CHANGED)),
            new Edit("resources changed", "redis-minimal",
                    cr -> redis(cr).getSpec().kubernetesConfig.resources = new ResourceRequirementsBuilder()
                            .withLimits(Map.of("memory", new Quantity("1Gi"))).build(),
                    ChangeImpact.ROLLING_RESTART, List.of(ChangeReason.POD_SPEC_CHANGED)),
            new Edit("service type changed", "redis-minimal",
                    cr -> redis(cr).getSpec().kubernetesConfig.service = serviceType(ServiceType.LoadBalancer),
                    ChangeImpact.NONE, List.of(ChangeReason.SERVICE_CHANGED)),
            new Edit("update strategy changed", "redis-minimal",
                    cr -> redis(cr).getSpec().kubernetesConfig.updateStrategy = new StatefulSetUpdateStrategyBuilder().withType("OnDelete").build(),
                    ChangeImpact.NONE, List.of(ChangeReason.STATEFULSET_SETTINGS_CHANGED)),
            new Edit("resource label added", "redis-minimal",
                    cr -> cr.getMetadata().setLabels(Map.of("team", "payments")),
                    ChangeImpact.LIVE, List.of(ChangeReason.POD_METADATA_CHANGED, ChangeReason.STATEFULSET_SETTINGS_CHANGED, ChangeReason.SERVICE_CHANGED)),
            new Edit("storage added", "redis-minimal",
                    cr -> redis(cr).getSpec().storage = storage(),
                    ChangeImpact.RECREATE, List.of(ChangeReason.VOLUME_CLAIM_TEMPLATES_CHANGED, ChangeReason.CONFIG_CHANGED, ChangeReason.POD_SPEC_CHANGED)),
            new Edit("replication grown", "replication-minimal",
                    cr -> replication(cr).getSpec().clusterSize = 5,
                    ChangeImpact.LIVE, List.of(ChangeReason.REPLICAS_CHANGED)),
            new Edit("Sentinels switched on", "replication-minimal",
                    cr -> replication(cr).getSpec().sentinel = new EmbeddedSentinel(),
                    ChangeImpact.LIVE, List.of(ChangeReason.STATEFULSET_ADDED, ChangeReason.SERVICE_CHANGED)),
            new Edit("embedded Sentinels' quorum changed", "replication-full",
                    cr -> replication(cr).getSpec().sentinel.quorum = "4",
                    ChangeImpact.LIVE, List.of(ChangeReason.SENTINEL_MONITOR_CHANGED)),
            new Edit("pod management policy changed", "replication-minimal",
                    cr -> replication(cr).getSpec().podManagementPolicy = PodManagementPolicy.Parallel,
                    ChangeImpact.RECREATE, List.of(ChangeReason.POD_MANAGEMENT_POLICY_CHANGED)),
            new Edit("Sentinel timings changed", "sentinel-minimal",
                    cr -> sentinel(cr).getSpec().redisSentinelConfig.downAfterMilliseconds = "3000",
                    ChangeImpact.LIVE, List.of(ChangeReason.SENTINEL_MONITOR_CHANGED)),
            new Edit("shards added", "cluster-minimal",
                    cr -> cluster(cr).getSpec().clusterSize = 4,
                    ChangeImpact.RESHARD, List.of(ChangeReason.SHARDS_CHANGED, ChangeReason.REPLICAS_CHANGED)),
            new Edit("followers added", "cluster-minimal",
                    cr -> cluster(cr).getSpec().redisFollower = followers(6),
                    ChangeImpact.LIVE, List.of(ChangeReason.REPLICAS_CHANGED)),
            new Edit("node-conf volume switched on", "cluster-minimal",
                    cr -> cluster(cr).getSpec().storage = nodeConfStorage(),
                    ChangeImpact.RECREATE, List.of(ChangeReason.VOLUME_CLAIM_TEMPLATES_CHANGED, ChangeReason.CONFIG_CHANGED, ChangeReason.POD_SPEC_CHANGED)));

    @ParameterizedTest(name = "{0}")
    @FieldSource("EDITS")
    void classifiesTheEdit(Edit edit) {
        HasMetadata before = TestingResources.cr(edit.resource());
        HasMetadata after = Serialization.clone(before);
        edit.edit().accept(after);

        ChangeAssessment assessment = ChangeClassifier.classify(before, after, RenderOptions.defaults());

        assertThat(assessment.impact()).isEqualTo(edit.impact());
        assertThat(assessment.changes()).extracting(ChangeAssessment.Change::reason).containsOnly(edit.reasons().toArray(ChangeReason[]::new));
    }

    private static Redis redis(HasMetadata cr) {
        return (Redis) cr;
    }

    private static RedisReplication replication(HasMetadata cr) {
        return (RedisReplication) cr;
    }

    private static RedisSentinel sentinel(HasMetadata cr) {
        return (RedisSentinel) cr;
    }

    private static RedisCluster cluster(HasMetadata cr) {
        return (RedisCluster) cr;
    }

    private static RedisConfig redisConfig(List<String> dynamicConfig, String additional) {
        RedisConfig config = new RedisConfig();
        config.dynamicConfig = dynamicConfig;
        config.additionalRedisConfig = additional;
        return config;
    }

    private static ExistingPasswordSecret secret(String name, String key) {
        ExistingPasswordSecret secret = new ExistingPasswordSecret();
        secret.name = name;
        secret.key = key;
        return secret;
    }

    private static ServiceConfig serviceType(ServiceType type) {
        ServiceConfig service = new ServiceConfig();
        service.serviceType = type;
        return service;
    }

    private static Storage storage() {
        Storage storage = new Storage();
        storage.volumeClaimTemplate = new PersistentVolumeClaimBuilder()
                .withNewSpec().withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .build();
        return storage;
    }

    private static ClusterStorage nodeConfStorage() {
        ClusterStorage storage = new ClusterStorage();
        storage.nodeConfVolume = true;
        storage.nodeConfVolumeClaimTemplate = storage().volumeClaimTemplate;
        return storage;
    }

    private static ClusterRoleSpec followers(int replicas) {
        ClusterRoleSpec role = new ClusterRoleSpec();
        role.replicas = replicas;
        return role;
    }
}

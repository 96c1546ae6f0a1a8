package io.qsredis.model.schema;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.RedisExporter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The CRD schema's defaults, applied as the API server applies them. */
class CrdDefaultsTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static <T> T parse(String yaml, Class<T> type) {
        return SERIALIZATION.unmarshal(yaml, type);
    }

    @Test
    void absentFieldsGetTheSchemaDefaults() {
        RedisCluster cluster = CrdDefaults.applied(parse("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: shards}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                """, RedisCluster.class));

        assertThat(cluster.getSpec().port).isEqualTo(6379);
        assertThat(cluster.getSpec().clusterVersion).isEqualTo("v7");
    }

    @Test
    void aValueTheUserSetIsKept() {
        RedisCluster cluster = CrdDefaults.applied(parse("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: shards}
                spec:
                  clusterSize: 3
                  port: 7000
                  clusterVersion: v6
                  kubernetesConfig: {image: redis:7.0}
                """, RedisCluster.class));

        assertThat(cluster.getSpec().port).isEqualTo(7000);
        assertThat(cluster.getSpec().clusterVersion).isEqualTo("v6");
    }

    @Test
    void aDefaultAppliesOnlyWhereItsParentExists() {
        RedisReplication bare = CrdDefaults.applied(parse("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisReplication
                metadata: {name: repl}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                """, RedisReplication.class));
        RedisReplication watched = CrdDefaults.applied(parse("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisReplication
                metadata: {name: repl}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                  sentinel: {}
                """, RedisReplication.class));

        assertThat(bare.getSpec().sentinel).isNull();
        assertThat(watched.getSpec().sentinel.size).isEqualTo(3);
        assertThat(watched.getSpec().sentinel.quorum).isEqualTo("2");
        assertThat(watched.getSpec().sentinel.downAfterMilliseconds).isEqualTo("5000");
    }

    @Test
    void everySentinelSettingLeftOutGetsUpstreamsDefault() {
        RedisSentinel sentinel = CrdDefaults.applied(parse("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisSentinel
                metadata: {name: sent}
                spec:
                  kubernetesConfig: {image: redis:7.0}
                  redisSentinelConfig: {redisReplicationName: repl}
                """, RedisSentinel.class));

        assertThat(sentinel.getSpec().clusterSize).isEqualTo(3);
        var config = sentinel.getSpec().redisSentinelConfig;
        assertThat(config.masterGroupName).isEqualTo("myMaster");
        assertThat(config.redisPort).isEqualTo("6379");
        assertThat(config.quorum).isEqualTo("2");
        assertThat(config.parallelSyncs).isEqualTo("1");
        assertThat(config.failoverTimeout).isEqualTo("10000");
        assertThat(config.downAfterMilliseconds).isEqualTo("5000");
        assertThat(config.resolveHostnames).isEqualTo("no");
        assertThat(config.announceHostnames).isEqualTo("no");
    }

    @Test
    void theResourceGivenIsNotChanged() {
        RedisCluster original = parse("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: shards}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                  redisExporter: {enabled: true, image: exporter:1}
                """, RedisCluster.class);

        RedisCluster defaulted = CrdDefaults.applied(original);

        assertThat(defaulted.getSpec().redisExporter.port).isEqualTo(9121);
        assertThat(original.getSpec().port).isNull();
        assertThat(original.getSpec().redisExporter.port).isNull();
    }

    @Test
    void aNullIsReplacedByTheDefaultOfANonNullableField() {
        JsonNode resource = YAML.readTree("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: shards}
                spec:
                  clusterSize: 3
                  port: null
                  kubernetesConfig: {image: redis:7.0}
                """);

        JsonNode defaulted = CrdSchemaValidator.forKind("RedisCluster").defaulted(resource);

        assertThat(defaulted.path("spec").path("port").asInt()).isEqualTo(6379);
        assertThat(resource.path("spec").path("port").isNull()).isTrue();
    }

    @Test
    void defaultsReachIntoAnObjectTheUserStarted() {
        RedisExporter exporter = CrdDefaults.applied(parse("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: shards}
                spec:
                  clusterSize: 3
                  kubernetesConfig:
                    image: redis:7.0
                    service: {additional: {}}
                  redisExporter: {enabled: true, image: exporter:1}
                """, RedisCluster.class)).getSpec().redisExporter;

        assertThat(exporter.port).isEqualTo(9121);
    }
}

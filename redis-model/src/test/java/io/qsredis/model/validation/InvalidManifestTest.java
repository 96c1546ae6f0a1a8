package io.qsredis.model.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every invalid manifest is rejected, and the rejection names the field a user must fix. */
class InvalidManifestTest {

    private static final String REDIS = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: Redis
            metadata:
              name: cache
            spec:
              kubernetesConfig:
                image: redis:7.0
            """;
    private static final String REPLICATION = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisReplication
            metadata:
              name: repl
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0
            """;
    private static final String SENTINEL = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisSentinel
            metadata:
              name: sent
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0
              redisSentinelConfig:
                redisReplicationName: repl
            """;
    private static final String CLUSTER = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisCluster
            metadata:
              name: shards
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0
            """;

    static Stream<Arguments> invalidManifests() {
        return Stream.of(
                // missing required fields
                Arguments.of("Redis without kubernetesConfig", REDIS.replace("  kubernetesConfig:\n    image: redis:7.0\n", "  hostPort: 6380\n"), "spec.kubernetesConfig"),
                Arguments.of("Redis without an image", REDIS.replace("image: redis:7.0", "imagePullPolicy: Always"), "spec.kubernetesConfig.image"),
                Arguments.of("RedisReplication without clusterSize", REPLICATION.replace("  clusterSize: 3\n", ""), "spec.clusterSize"),
                Arguments.of("RedisCluster without clusterSize", CLUSTER.replace("  clusterSize: 3\n", ""), "spec.clusterSize"),
                Arguments.of("RedisSentinel without the replication it watches", SENTINEL.replace("    redisReplicationName: repl\n", "    quorum: \"2\"\n"),
                        "spec.redisSentinelConfig.redisReplicationName"),
                Arguments.of("sidecar without an image", REDIS + "  sidecars:\n  - name: shipper\n", "spec.sidecars[0].image"),
                Arguments.of("TLS without its Secret", REDIS + "  TLS:\n    ca: ca.crt\n", "spec.TLS.secret"),
                // wrong types
                Arguments.of("clusterSize as a word", REPLICATION.replace("clusterSize: 3", "clusterSize: three"), "spec.clusterSize"),
                Arguments.of("hostPort as a word", REDIS + "  hostPort: high\n", "spec.hostPort"),
                Arguments.of("Sentinel timing as a number", SENTINEL + "    downAfterMilliseconds: 5000\n", "spec.redisSentinelConfig.downAfterMilliseconds"),
                Arguments.of("dynamicConfig as a string", REDIS + "  redisConfig:\n    dynamicConfig: maxmemory 1gb\n", "spec.redisConfig.dynamicConfig"),
                // ranges
                Arguments.of("cluster of no shard", CLUSTER.replace("clusterSize: 3", "clusterSize: 0"), "spec.clusterSize"),
                Arguments.of("exporter port out of range", REDIS + "  redisExporter:\n    image: exporter:1\n    port: 70000\n", "spec.redisExporter.port"),
                Arguments.of("maxmemory above the limit", REDIS + "  redisConfig:\n    maxMemoryPercentOfLimit: 150\n", "spec.redisConfig.maxMemoryPercentOfLimit"),
                // unknown enum values and patterns
                Arguments.of("unknown service type", REDIS + "    service:\n      serviceType: Internal\n", "spec.kubernetesConfig.service.serviceType"),
                Arguments.of("unknown pod management policy", REPLICATION + "  podManagementPolicy: Random\n", "spec.podManagementPolicy"),
                Arguments.of("resolveHostnames neither yes nor no", SENTINEL + "    resolveHostnames: maybe\n", "spec.redisSentinelConfig.resolveHostnames"),
                Arguments.of("quorum as a word", SENTINEL + "    quorum: two\n", "spec.redisSentinelConfig.quorum"),
                // typos are not dropped in silence
                Arguments.of("misspelt field", REDIS + "    imagePullpolicy: Always\n", "spec.kubernetesConfig.imagePullpolicy"),
                // rules beyond the schema (CEL in the CRD, Java in the operator)
                Arguments.of("even number of Sentinels", SENTINEL.replace("clusterSize: 3", "clusterSize: 4"), "spec.clusterSize"),
                Arguments.of("both ACL sources", REDIS + "  acl:\n    secret:\n      secretName: acl\n    persistentVolumeClaim: acl-pvc\n", "spec.acl"),
                Arguments.of("both PDB bounds", REPLICATION + "  pdb:\n    enabled: true\n    minAvailable: 1\n    maxUnavailable: 1\n", "spec.pdb"),
                Arguments.of("quorum above the Sentinel count", SENTINEL + "    quorum: \"4\"\n", "spec.redisSentinelConfig.quorum"),
                Arguments.of("embedded Sentinel quorum above its size", REPLICATION + "  sentinel:\n    size: 3\n    quorum: \"5\"\n", "spec.sentinel.quorum"),
                Arguments.of("dynamicConfig without a value", REDIS + "  redisConfig:\n    dynamicConfig:\n    - maxmemory\n", "spec.redisConfig.dynamicConfig[0]"),
                Arguments.of("password Secret without a key", REDIS + "    redisSecret:\n      name: redis-secret\n", "spec.kubernetesConfig.redisSecret.key"),
                Arguments.of("node-conf volume without a claim template", CLUSTER + "  storage:\n    nodeConfVolume: true\n", "spec.storage.nodeConfVolumeClaimTemplate"),
                Arguments.of("data claim template without a size", REDIS + "  storage:\n    volumeClaimTemplate:\n      spec:\n        accessModes: [ReadWriteOnce]\n",
                        "spec.storage.volumeClaimTemplate.spec.resources.requests.storage"),
                Arguments.of("sidecar named like the Redis container", REDIS + "  sidecars:\n  - name: redis\n    image: busybox\n", "spec.sidecars[0].name"),
                Arguments.of("name too long for its Services", CLUSTER.replace("name: shards", "name: " + "a".repeat(50)), "metadata.name"),
                // rules the renderer checked on its own until they moved here
                Arguments.of("password in dynamicConfig", REDIS + "  redisConfig:\n    dynamicConfig:\n    - maxmemory 1gb\n    - requirepass hunter2\n",
                        "spec.redisConfig.dynamicConfig[1]"),
                Arguments.of("setting the operator owns in a role's dynamicConfig", CLUSTER + "  redisFollower:\n    redisConfig:\n      dynamicConfig:\n      - Cluster-Enabled no\n",
                        "spec.redisFollower.redisConfig.dynamicConfig[0]"),
                Arguments.of("dynamicConfig entry over two lines", REPLICATION + "  redisConfig:\n    dynamicConfig:\n    - \"maxmemory\\n1gb\"\n",
                        "spec.redisConfig.dynamicConfig[0]"),
                Arguments.of("sidecar named like the user's init container", REDIS + "  sidecars:\n  - name: user-init\n    image: busybox\n", "spec.sidecars[0].name"),
                Arguments.of("persistence without a data claim template", CLUSTER + "  persistenceEnabled: true\n", "spec.storage.volumeClaimTemplate"),
                Arguments.of("cluster version that is no version", CLUSTER + "  clusterVersion: latest\n", "spec.clusterVersion"),
                Arguments.of("parallelSyncs beyond an int", SENTINEL + "    parallelSyncs: \"4294967296\"\n", "spec.redisSentinelConfig.parallelSyncs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidManifests")
    void isRejectedNamingTheField(String description, String manifest, String path) {
        ValidationResult result = ManifestValidator.validateYaml(manifest);

        assertThat(result.isValid()).as("%s must be rejected", description).isFalse();
        assertThat(result.errors()).extracting(Violation::path).as(result.errorSummary()).contains(path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBaselines")
    void theBaselinesOfTheTableAreValid(String kind, String manifest) {
        assertThat(ManifestValidator.validateYaml(manifest).errors()).isEmpty();
    }

    static Stream<Arguments> validBaselines() {
        return Stream.of(Arguments.of("Redis", REDIS), Arguments.of("RedisReplication", REPLICATION), Arguments.of("RedisSentinel", SENTINEL),
                Arguments.of("RedisCluster", CLUSTER));
    }
}

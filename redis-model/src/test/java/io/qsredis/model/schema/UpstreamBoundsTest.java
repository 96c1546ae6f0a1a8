package io.qsredis.model.schema;

import io.qsredis.model.validation.ManifestValidator;
import io.qsredis.model.validation.ValidationResult;
import io.qsredis.model.validation.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bound, enum and pattern of our CRD schemas against upstream's kubebuilder markers (OT-CONTAINER-KIT
 * redis-operator, {@code api/common/v1beta2/common_types.go} and {@code api/<kind>/v1beta2/<kind>_types.go}): an edge
 * value upstream accepts, we accept (schema and {@link io.qsredis.model.validation.SpecValidator} alike). Upstream
 * declares few bounds; where we refuse what its schema lets through, the refusal table says why: each is a value
 * Kubernetes or Redis itself refuses later, so refusing it at the API server only says so sooner.
 */
class UpstreamBoundsTest {

    private static final String REDIS = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: Redis
            metadata: {name: cache}
            spec:
              kubernetesConfig:
                image: redis:7.0
            """;
    private static final String REPLICATION = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisReplication
            metadata: {name: repl}
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0
            """;
    private static final String SENTINEL = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisSentinel
            metadata: {name: sent}
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
            metadata: {name: shards}
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0
            """;

    /** Edge values upstream accepts (marker, or no marker at all), with the upstream marker they were checked against. */
    static Stream<Arguments> acceptedUpstream() {
        return Stream.of(
                Arguments.of("hostPort 0 (no marker; Kubernetes reads 0 as no host port)", REDIS + "  hostPort: 0\n"),
                Arguments.of("hostPort 0 on a replication", REPLICATION + "  hostPort: 0\n"),
                Arguments.of("hostPort 0 on a Sentinel", SENTINEL + "  hostPort: 0\n"),
                Arguments.of("hostPort 0 on a cluster", CLUSTER + "  hostPort: 0\n"),
                Arguments.of("hostPort 65535 (no marker)", REDIS + "  hostPort: 65535\n"),
                Arguments.of("exporter port 1 (default 9121, no bound)", REDIS + "  redisExporter: {enabled: true, image: exporter:1, port: 1}\n"),
                Arguments.of("exporter port 65535", REDIS + "  redisExporter: {enabled: true, image: exporter:1, port: 65535}\n"),
                Arguments.of("maxMemoryPercentOfLimit 1 (Minimum=1)", REDIS + "  redisConfig: {maxMemoryPercentOfLimit: 1}\n"),
                Arguments.of("maxMemoryPercentOfLimit 100 (Maximum=100)", REDIS + "  redisConfig: {maxMemoryPercentOfLimit: 100}\n"),
                Arguments.of("one Sentinel of quorum 1 (Minimum=1, webhook: odd)", SENTINEL.replace("clusterSize: 3", "clusterSize: 1") + "    quorum: \"1\"\n"),
                Arguments.of("Sentinel clusterSize left out (default=3)", SENTINEL.replace("  clusterSize: 3\n", "")),
                Arguments.of("replication of one server (no marker)", REPLICATION.replace("clusterSize: 3", "clusterSize: 1")),
                Arguments.of("cluster of one shard (no marker; the optional webhook wants 3)", CLUSTER.replace("clusterSize: 3", "clusterSize: 1")),
                Arguments.of("cluster port 1 (default 6379, no bound)", CLUSTER + "  port: 1\n"),
                Arguments.of("cluster port 55535, its bus port 65535", CLUSTER + "  port: 55535\n"),
                Arguments.of("clusterVersion v8 (\"v6, v7, v8 and so on\")", CLUSTER + "  clusterVersion: v8\n"),
                Arguments.of("clusterVersion v6", CLUSTER + "  clusterVersion: v6\n"),
                Arguments.of("no follower (no marker)", CLUSTER + "  redisFollower: {replicas: 0}\n"),
                Arguments.of("PDB minAvailable 0 (no marker)", REPLICATION + "  pdb: {enabled: true, minAvailable: 0}\n"),
                Arguments.of("PDB maxUnavailable 0 (no marker)", SENTINEL + "  pdb: {enabled: true, maxUnavailable: 0}\n"),
                Arguments.of("terminationGracePeriodSeconds 0 (no marker)", REDIS + "  terminationGracePeriodSeconds: 0\n"),
                Arguments.of("minReadySeconds 0 (no marker)", REDIS.replace("image: redis:7.0", "image: redis:7.0\n    minReadySeconds: 0")),
                Arguments.of("serviceType LoadBalancer (Enum=LoadBalancer;NodePort;ClusterIP)",
                        REDIS.replace("image: redis:7.0", "image: redis:7.0\n    service: {serviceType: LoadBalancer}")),
                Arguments.of("serviceType NodePort", REDIS.replace("image: redis:7.0", "image: redis:7.0\n    service: {serviceType: NodePort}")),
                Arguments.of("additional Service type NodePort (Enum, default=ClusterIP)",
                        REDIS.replace("image: redis:7.0", "image: redis:7.0\n    service: {additional: {type: NodePort}}")),
                Arguments.of("podManagementPolicy Parallel (Enum=OrderedReady;Parallel)", CLUSTER + "  podManagementPolicy: Parallel\n"),
                Arguments.of("podManagementPolicy OrderedReady", REPLICATION + "  podManagementPolicy: OrderedReady\n"),
                Arguments.of("Sentinel quorum 1 (default=\"2\")", SENTINEL + "    quorum: \"1\"\n"),
                Arguments.of("Sentinel timings of one millisecond", SENTINEL + "    downAfterMilliseconds: \"1\"\n    failoverTimeout: \"1\"\n"),
                Arguments.of("Sentinel parallelSyncs 1", SENTINEL + "    parallelSyncs: \"1\"\n"),
                Arguments.of("Sentinel redisPort 6380 (default=\"6379\")", SENTINEL + "    redisPort: \"6380\"\n"),
                Arguments.of("resolveHostnames and announceHostnames yes (default=no)",
                        SENTINEL + "    resolveHostnames: \"yes\"\n    announceHostnames: \"yes\"\n"),
                Arguments.of("embedded Sentinel of one (size: required, no bound)", REPLICATION + "  sentinel: {size: 1, quorum: \"1\"}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedUpstream")
    void aValueUpstreamAcceptsIsAccepted(String edge, String manifest) {
        ValidationResult result = ManifestValidator.validateYaml(manifest);

        assertThat(result.errors()).as(edge).isEmpty();
    }

    /** Values upstream's schema lets through and ours refuses, each with what would refuse it later. */
    static Stream<Arguments> refusedOnPurpose() {
        return Stream.of(
                Arguments.of("hostPort 65536: Kubernetes refuses a pod's host port above 65535", REDIS + "  hostPort: 65536\n", "spec.hostPort"),
                Arguments.of("exporter port 0: Kubernetes refuses a container port of 0",
                        REDIS + "  redisExporter: {enabled: true, image: exporter:1, port: 0}\n", "spec.redisExporter.port"),
                Arguments.of("cluster port 55536: its bus port (port + 10000) would be past 65535", CLUSTER + "  port: 55536\n", "spec.port"),
                Arguments.of("cluster of no shard: Redis Cluster cannot serve a slot without a master",
                        CLUSTER.replace("clusterSize: 3", "clusterSize: 0"), "spec.clusterSize"),
                Arguments.of("replication of no server: there is no master to write to",
                        REPLICATION.replace("clusterSize: 3", "clusterSize: 0"), "spec.clusterSize"),
                Arguments.of("one Sentinel of the default quorum 2: no failover could ever be agreed",
                        SENTINEL.replace("clusterSize: 3", "clusterSize: 1"), "spec.redisSentinelConfig.quorum"),
                Arguments.of("embedded Sentinels of size 0 (upstream: required, no bound): no Sentinel to fail over; leave spec.sentinel out",
                        REPLICATION + "  sentinel: {size: 0}\n", "spec.sentinel.size"),
                Arguments.of("quorum two: redis-sentinel refuses a quorum that is not a number", SENTINEL + "    quorum: two\n",
                        "spec.redisSentinelConfig.quorum"),
                Arguments.of("resolveHostnames maybe: redis-sentinel takes yes or no", SENTINEL + "    resolveHostnames: maybe\n",
                        "spec.redisSentinelConfig.resolveHostnames"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedOnPurpose")
    void aValueThatWouldFailLaterIsRefusedAtOnce(String edge, String manifest, String path) {
        assertThat(ManifestValidator.validateYaml(manifest).errors()).extracting(Violation::path).as(edge).contains(path);
    }
}

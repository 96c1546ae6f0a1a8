package io.qsredis.model.schema;

import io.qsredis.model.validation.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Schema errors are worded as the Kubernetes API server words them, after the field path. */
class CrdSchemaValidatorTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final String CLUSTER = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisCluster
            metadata: {name: shards}
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0
            """;

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(CLUSTER.replace("clusterSize: 3", "clusterSize: 0"),
                        "spec.clusterSize: Invalid value: 0: spec.clusterSize in body should be greater than or equal to 1"),
                Arguments.of(CLUSTER + "  port: 60000\n",
                        "spec.port: Invalid value: 60000: spec.port in body should be less than or equal to 55535"),
                Arguments.of(CLUSTER.replace("clusterSize: 3", "clusterSize: three"),
                        "spec.clusterSize: Invalid value: \"string\": spec.clusterSize in body must be of type integer: \"string\""),
                Arguments.of(CLUSTER + "  podManagementPolicy: Random\n",
                        "spec.podManagementPolicy: Unsupported value: \"Random\": supported values: \"OrderedReady\", \"Parallel\""),
                Arguments.of(CLUSTER.replace("  clusterSize: 3\n", ""), "spec.clusterSize: Required value"),
                Arguments.of(CLUSTER + "    imagePullpolicy: Always\n", "spec.kubernetesConfig.imagePullpolicy: Unknown field"),
                Arguments.of(CLUSTER + "  redisLeader:\n    pdb: {minAvailable: 1, maxUnavailable: 1}\n",
                        "spec.redisLeader.pdb: Invalid value: \"object\": pdb.minAvailable and pdb.maxUnavailable are exclusive: set one of them"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void anErrorIsWordedAsTheApiServerWordsIt(String manifest, String error) {
        assertThat(CrdSchemaValidator.validateYaml(manifest)).extracting(Violation::toString).containsExactly(error);
    }

    @Test
    void aRequiredFieldWithADefaultMayBeLeftOutAsTheServerDefaultsBeforeItChecks() {
        String sentinel = """
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisSentinel
                metadata: {name: sent}
                spec:
                  kubernetesConfig: {image: redis:7.0}
                  redisSentinelConfig: {redisReplicationName: repl}
                """;

        assertThat(CrdSchemaValidator.validateYaml(sentinel)).isEmpty();
        assertThat(CrdSchemaValidator.validateYaml(sentinel.replace("  kubernetesConfig: {image: redis:7.0}\n", "")))
                .extracting(Violation::toString).containsExactly("spec.kubernetesConfig: Required value");
    }

    @Test
    void aPatternMismatchNamesThePattern() {
        String sentinel = """
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisSentinel
                metadata: {name: sent}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                  redisSentinelConfig: {redisReplicationName: repl, quorum: two}
                """;

        assertThat(CrdSchemaValidator.validateYaml(sentinel)).extracting(Violation::toString).containsExactly(
                "spec.redisSentinelConfig.quorum: Invalid value: \"two\": spec.redisSentinelConfig.quorum in body should match '^[0-9]+$'");
    }

    @Test
    void pruningDropsAndNamesEveryUndeclaredFieldButKeepsTheRest() {
        JsonNode resource = YAML.readTree(CLUSTER + "    imagePullpolicy: Always\n  extra: {a: 1}\n  redisLeader:\n    replicas: 3\n");

        CrdSchemaValidator.Pruned pruned = CrdSchemaValidator.forKind("RedisCluster").pruned(resource);

        assertThat(pruned.unknownFields()).containsExactly("spec.kubernetesConfig.imagePullpolicy", "spec.extra");
        assertThat(pruned.resource().path("spec").has("extra")).isFalse();
        assertThat(pruned.resource().path("spec").path("kubernetesConfig").has("imagePullpolicy")).isFalse();
        assertThat(pruned.resource().path("spec").path("redisLeader").path("replicas").asInt()).isEqualTo(3);
        assertThat(pruned.resource().path("metadata").path("name").asString()).isEqualTo("shards");
    }
}

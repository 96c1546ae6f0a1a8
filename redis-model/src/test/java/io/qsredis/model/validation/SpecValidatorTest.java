package io.qsredis.model.validation;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.qsredis.model.RedisSentinel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rules a user notices as warnings: the spec is carried out, and the status says what is weak about it. */
class SpecValidatorTest {

    private static ValidationResult validate(String yaml) {
        return ManifestValidator.validateYaml(yaml);
    }

    @Test
    void aClusterOfFewerThanThreeShardsIsAllowedButFlaggedAsNotHighlyAvailable() {
        ValidationResult result = validate("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: small}
                spec:
                  clusterSize: 1
                  kubernetesConfig: {image: redis:7.0}
                """);

        assertThat(result.isValid()).isTrue();
        assertThat(result.warnings()).extracting(Violation::path).containsExactly("spec.clusterSize");
        assertThat(result.warningSummary()).contains("not highly available");
    }

    @Test
    void anEvenNumberOfEmbeddedSentinelsIsAcceptedWithAWarning() {
        ValidationResult result = validate("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisReplication
                metadata: {name: repl}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                  sentinel: {size: 4}
                """);

        assertThat(result.isValid()).isTrue();
        assertThat(result.warnings()).extracting(Violation::path).containsExactly("spec.sentinel.size");
    }

    @Test
    void maxMemoryPercentWithoutAMemoryLimitIsFlagged() {
        ValidationResult result = validate("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: Redis
                metadata: {name: cache}
                spec:
                  kubernetesConfig: {image: redis:7.0}
                  redisConfig: {maxMemoryPercentOfLimit: 75}
                """);

        assertThat(result.isValid()).isTrue();
        assertThat(result.warnings()).extracting(Violation::path).containsExactly("spec.redisConfig.maxMemoryPercentOfLimit");
    }

    @Test
    void aClusterTakesTheMemoryLimitOfEachRoleForMaxMemory() {
        ValidationResult result = validate("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: shards}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                  redisConfig: {maxMemoryPercentOfLimit: 75}
                  redisLeader:
                    resources: {limits: {memory: 1Gi}}
                  redisFollower:
                    redisConfig: {maxMemoryPercentOfLimit: 50}
                """);

        assertThat(result.isValid()).isTrue();
        assertThat(result.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.path()).isEqualTo("spec.redisFollower.redisConfig.maxMemoryPercentOfLimit");
            assertThat(warning.message()).contains("spec.redisFollower").contains("no maxmemory");
        });
    }

    @Test
    void aMemoryLimitForTheWholeClusterServesMaxMemory() {
        ValidationResult result = validate("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: shards}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                  resources: {limits: {memory: 1Gi}}
                  redisConfig: {maxMemoryPercentOfLimit: 75}
                """);

        assertThat(result.violations()).isEmpty();
    }

    @Test
    void nodesConfWithoutAClaimTemplateOfItsOwnTakesOneLikeTheDataVolumeWithAWarning() {
        ValidationResult result = validate("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: shards}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                  persistenceEnabled: true
                  storage:
                    nodeConfVolume: true
                    volumeClaimTemplate:
                      spec: {resources: {requests: {storage: 10Gi}}}
                """);

        assertThat(result.isValid()).isTrue();
        assertThat(result.warnings()).extracting(Violation::path).containsExactly("spec.storage.nodeConfVolumeClaimTemplate");
    }

    @Test
    void aPasswordInDynamicConfigIsRejectedWithoutRepeatingIt() {
        ValidationResult result = validate("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisReplication
                metadata: {name: repl}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                  redisConfig:
                    dynamicConfig: ["MASTERAUTH hunter2", "masterauth\\nhunter2"]
                """);

        assertThat(result.errors()).extracting(Violation::path)
                .containsExactly("spec.redisConfig.dynamicConfig[0]", "spec.redisConfig.dynamicConfig[1]");
        assertThat(result.errorSummary()).contains("must not set masterauth").doesNotContain("hunter2");
    }

    @Test
    void unevenFollowersOverLeadersAreFlagged() {
        ValidationResult result = validate("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata: {name: shards}
                spec:
                  clusterSize: 3
                  kubernetesConfig: {image: redis:7.0}
                  redisFollower: {replicas: 4}
                """);

        assertThat(result.warnings()).extracting(Violation::path).containsExactly("spec.redisFollower.replicas");
    }

    @Test
    void everyErrorIsReportedAtOnceWithItsPath() {
        // Past the schema, whose CEL rule alone would refuse the even clusterSize: SpecValidator reports both.
        ValidationResult result = SpecValidator.validate(new KubernetesSerialization().unmarshal("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisSentinel
                metadata: {name: sent}
                spec:
                  clusterSize: 2
                  kubernetesConfig: {image: redis:7.0}
                  redisSentinelConfig: {redisReplicationName: repl, quorum: "3"}
                """, RedisSentinel.class));

        assertThat(result.errors()).extracting(Violation::path)
                .containsExactlyInAnyOrder("spec.clusterSize", "spec.redisSentinelConfig.quorum");
        assertThat(result.errorSummary())
                .contains("spec.clusterSize: must be odd")
                .contains("spec.redisSentinelConfig.quorum: is 3 but there are only 2 Sentinels");
    }
}

package io.qsredis.it.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.qsredis.model.validation.ManifestValidator;
import io.qsredis.model.validation.ValidationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The four charts lint cleanly, render manifests our CRDs and validator accept, and keep the promises of
 * the charts' README: the names and numbers clients connect to.
 */
class HelmChartsTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** `helm template my-redis CHART --set auth.password=secret`, as the README's examples install them. */
    private static List<JsonNode> template(String chart, Map<String, String> values) {
        List<JsonNode> documents = new ArrayList<>();
        for (String document : Charts.template(chart, "my-redis", "apps", values).split("(?m)^---\\s*$")) {
            JsonNode node = YAML.readTree(document);
            if (node != null && node.isObject() && node.has("kind")) {
                documents.add(node);
            }
        }
        return documents;
    }

    private static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> d.path("kind").asString().equals(kind)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qs-redis-operator-ot", "qs-redis-standalone", "qs-redis-sentinel", "qs-redis-cluster"})
    void chartLintsCleanly(String chart) {
        LintResult result = new Helm(Charts.chart(chart)).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qs-redis-standalone", "qs-redis-sentinel", "qs-redis-cluster"})
    void everyRenderedCustomResourceIsValid(String chart) {
        List<JsonNode> documents = template(chart, Map.of("auth.password", "secret"));

        List<JsonNode> resources = documents.stream().filter(d -> d.path("apiVersion").asString().startsWith("redis.redis.opstreelabs.in/")).toList();
        assertThat(resources).isNotEmpty();
        for (JsonNode resource : resources) {
            ValidationResult result = ManifestValidator.validateYaml(resource.toString());
            assertThat(result.errors()).as(resource.path("kind").asString() + ": " + result.errorSummary()).isEmpty();
        }
    }

    @Test
    void theOperatorChartInstallsTheCrdsAndLeastPrivilegeRbacWithoutExec() throws Exception {
        List<JsonNode> documents = template("qs-redis-operator-ot", Map.of());

        assertThat(ofKind(documents, "Deployment")).hasSize(1);
        assertThat(ofKind(documents, "ServiceAccount")).hasSize(1);
        JsonNode role = ofKind(documents, "ClusterRole").get(0);
        assertThat(role.toString()).contains("redisclusters/status").doesNotContain("pods/exec");
        try (var crds = Files.list(Charts.chart("qs-redis-operator-ot").resolve("crds"))) {
            assertThat(crds.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "redis.redis.redis.opstreelabs.in-v1.yml",
                            "redisreplications.redis.redis.opstreelabs.in-v1.yml",
                            "redissentinels.redis.redis.opstreelabs.in-v1.yml",
                            "redisclusters.redis.redis.opstreelabs.in-v1.yml");
        }
    }

    @Test
    void standaloneIsOneRedisWithItsPasswordInASecret() {
        List<JsonNode> documents = template("qs-redis-standalone", Map.of("auth.password", "secret"));

        JsonNode redis = ofKind(documents, "Redis").get(0);
        assertThat(redis.at("/metadata/name").asString()).isEqualTo("my-redis");
        String secretName = redis.at("/spec/kubernetesConfig/redisSecret/name").asString();
        JsonNode secret = ofKind(documents, "Secret").get(0);
        assertThat(secret.at("/metadata/name").asString()).isEqualTo(secretName);
        assertThat(redis.toString()).doesNotContain("\"secret\"");
    }

    @Test
    void sentinelChartGivesTheReadmesSentinelServiceAndGroup() {
        // The README's client: Sentinel([('my-redis-sentinel', 26379)], password='secret').master_for('mymaster')
        List<JsonNode> documents = template("qs-redis-sentinel", Map.of("auth.password", "secret"));

        JsonNode replication = ofKind(documents, "RedisReplication").get(0);
        JsonNode sentinel = ofKind(documents, "RedisSentinel").get(0);
        assertThat(replication.at("/spec/clusterSize").asInt()).isEqualTo(3);
        assertThat(sentinel.at("/spec/clusterSize").asInt()).isEqualTo(3);
        // A RedisSentinel named X is served by the Service X-sentinel (API contract).
        assertThat(sentinel.at("/metadata/name").asString() + "-sentinel").isEqualTo("my-redis-sentinel");
        assertThat(sentinel.at("/spec/redisSentinelConfig/masterGroupName").asString()).isEqualTo("mymaster");
        assertThat(sentinel.at("/spec/redisSentinelConfig/redisReplicationName").asString()).isEqualTo(replication.at("/metadata/name").asString());
        assertThat(sentinel.at("/spec/redisSentinelConfig/redisReplicationPassword/secretKeyRef/name").asString())
                .isEqualTo(replication.at("/spec/kubernetesConfig/redisSecret/name").asString());
    }

    @Test
    void clusterChartGivesTheReadmesStartupNodeService() {
        // The README's client: RedisCluster(startup_nodes=[{"host": "my-redis-cluster", "port": "6379"}])
        List<JsonNode> documents = template("qs-redis-cluster", Map.of("auth.password", "secret"));

        JsonNode cluster = ofKind(documents, "RedisCluster").get(0);
        assertThat(cluster.at("/spec/clusterSize").asInt()).isEqualTo(3);
        assertThat(cluster.at("/spec/redisFollower/replicas").asInt()).isEqualTo(3);
        JsonNode service = ofKind(documents, "Service").stream()
                .filter(s -> s.at("/metadata/name").asString().equals("my-redis-cluster")).findFirst().orElseThrow();
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(6379);
        assertThat(service.at("/spec/selector/cluster").asString()).isEqualTo(cluster.at("/metadata/name").asString());
    }

    @Test
    void aChartWithoutPasswordOrSecretRefusesToRender() {
        assertThatThrownBy(() -> template("qs-redis-standalone", Map.of()))
                .hasMessageContaining("auth.password is required");
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The testbed's API server admits objects as a real one: CRD defaults, schema and CEL validation, pruning, names. */
class AdmissionMockTest {

    private static final String CLUSTERS = "/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/default/redisclusters";
    private static final String SENTINELS = "/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/default/redissentinels";

    private final TestbedApiServer server = TestbedApiServer.start((json, orphan) -> {});
    private final KubernetesClient client = server.newClient();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static String cluster(String name, String spec) {
        return """
                {"apiVersion": "redis.redis.opstreelabs.in/v1beta2", "kind": "RedisCluster", "metadata": {"name": "%s"},
                 "spec": %s}""".formatted(name, spec);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(server.config().getMasterUrl().replaceAll("/$", "") + path))
                            .header("Content-Type", contentType)
                            .method(method, HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> create(String path, String body) {
        return send("POST", path, "application/json", body);
    }

    private JsonNode stored(String name) {
        return Serialization.jsonMapper().valueToTree(client.genericKubernetesResources("redis.redis.opstreelabs.in/v1beta2", "RedisCluster")
                .withName(name).get());
    }

    private static JsonNode json(String text) {
        return Serialization.jsonMapper().readTree(text);
    }

    @Test
    void theSchemaDefaultsAreStoredOnCreate() {
        assertThat(create(CLUSTERS, cluster("c", "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\", \"service\": {\"additional\": {}}}}"))
                .statusCode()).isEqualTo(201);

        JsonNode spec = stored("c").path("spec");
        assertThat(spec.path("port").asInt()).isEqualTo(6379);
        assertThat(spec.path("clusterVersion").asString()).isEqualTo("v7");
        assertThat(spec.path("kubernetesConfig").path("service").path("additional").path("type").asString()).isEqualTo("ClusterIP");
        assertThat(spec.path("kubernetesConfig").path("service").path("additional").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void aDefaultAppliesOnlyWhereItsParentExists() {
        create(CLUSTERS, cluster("c", "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        JsonNode spec = stored("c").path("spec");
        assertThat(spec.has("redisExporter")).isFalse();
        assertThat(spec.path("kubernetesConfig").has("service")).isFalse();
    }

    @Test
    void theSchemaDefaultsAreAppliedOnUpdate() {
        create(CLUSTERS, cluster("c", "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));
        GenericKubernetesResource live = client.genericKubernetesResources("redis.redis.opstreelabs.in/v1beta2", "RedisCluster").withName("c").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) live.getAdditionalProperties().get("spec");
        spec.remove("port");
        spec.put("redisExporter", Map.of("enabled", true, "image", "quay.io/opstree/redis-exporter:v1.44.0"));

        client.resource(live).update();

        assertThat(stored("c").path("spec").path("port").asInt()).isEqualTo(6379);
        assertThat(stored("c").path("spec").path("redisExporter").path("port").asInt()).isEqualTo(9121);
    }

    @Test
    void theSchemaDefaultsAreAppliedOnMergePatch() {
        create(CLUSTERS, cluster("c", "{\"clusterSize\": 3, \"port\": 7000, \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        client.resources(RedisCluster.class).withName("c").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"port\": null}}");

        assertThat(stored("c").path("spec").path("port").asInt()).isEqualTo(6379);
    }

    @Test
    void aValueBelowTheMinimumIsRefusedWith422NamingTheFieldAsARealServerDoes() {
        HttpResponse<String> response = create(CLUSTERS, cluster("x", "{\"clusterSize\": 0, \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode status = json(response.body());
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("reason").asString()).isEqualTo("Invalid");
        assertThat(status.path("message").asString()).isEqualTo("RedisCluster.redis.redis.opstreelabs.in \"x\" is invalid: "
                + "spec.clusterSize: Invalid value: 0: spec.clusterSize in body should be greater than or equal to 1");
        assertThat(status.path("details").path("name").asString()).isEqualTo("x");
        assertThat(status.path("details").path("group").asString()).isEqualTo("redis.redis.opstreelabs.in");
        assertThat(status.path("details").path("kind").asString()).isEqualTo("RedisCluster");
        assertThat(status.path("details").path("causes").get(0).path("field").asString()).isEqualTo("spec.clusterSize");
        assertThat(status.path("details").path("causes").get(0).path("reason").asString()).isEqualTo("FieldValueInvalid");
        assertThat(client.resources(RedisCluster.class).withName("x").get()).isNull();
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheField() {
        HttpResponse<String> response = create(CLUSTERS, cluster("x", "{\"clusterSize\": \"three\", \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response.body()).path("message").asString()).endsWith(
                "spec.clusterSize: Invalid value: \"string\": spec.clusterSize in body must be of type integer: \"string\"");
    }

    @Test
    void aValueOutsideItsEnumIsRefusedNamingTheSupportedValues() {
        HttpResponse<String> response = create(CLUSTERS, cluster("x",
                "{\"clusterSize\": 3, \"podManagementPolicy\": \"Random\", \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode cause = json(response.body()).path("details").path("causes").get(0);
        assertThat(cause.path("field").asString()).isEqualTo("spec.podManagementPolicy");
        assertThat(cause.path("reason").asString()).isEqualTo("FieldValueNotSupported");
        assertThat(cause.path("message").asString()).isEqualTo("Unsupported value: \"Random\": supported values: \"OrderedReady\", \"Parallel\"");
    }

    @Test
    void aMissingRequiredFieldIsRefusedNamingIt() {
        HttpResponse<String> response = create(CLUSTERS, cluster("x", "{\"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode cause = json(response.body()).path("details").path("causes").get(0);
        assertThat(cause.path("field").asString()).isEqualTo("spec.clusterSize");
        assertThat(cause.path("reason").asString()).isEqualTo("FieldValueRequired");
    }

    @Test
    void aBrokenCelRuleIsRefusedWithItsMessage() {
        HttpResponse<String> response = create(SENTINELS, """
                {"apiVersion": "redis.redis.opstreelabs.in/v1beta2", "kind": "RedisSentinel", "metadata": {"name": "s"},
                 "spec": {"clusterSize": 4, "kubernetesConfig": {"image": "redis:7.0"}, "redisSentinelConfig": {"redisReplicationName": "r"}}}""");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response.body()).path("message").asString()).isEqualTo("RedisSentinel.redis.redis.opstreelabs.in \"s\" is invalid: "
                + "spec.clusterSize: Invalid value: \"integer\": clusterSize of a RedisSentinel must be odd (3, 5, ...) "
                + "so that a majority of Sentinels can always agree");
    }

    @Test
    void anUpdateTheSchemaRefusesLeavesTheStoredObjectAlone() {
        create(CLUSTERS, cluster("c", "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        HttpResponse<String> response = send("PATCH", CLUSTERS + "/c", "application/merge-patch+json", "{\"spec\": {\"clusterSize\": -1}}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response.body()).path("details").path("causes").get(0).path("field").asString()).isEqualTo("spec.clusterSize");
        assertThat(stored("c").path("spec").path("clusterSize").asInt()).isEqualTo(3);
    }

    @Test
    void unknownFieldsArePrunedWithAWarning() {
        HttpResponse<String> response = create(CLUSTERS, cluster("c",
                "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\", \"imagePullpolicy\": \"Always\"}}"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"spec.kubernetesConfig.imagePullpolicy\\\"\"");
        assertThat(stored("c").path("spec").path("kubernetesConfig").has("imagePullpolicy")).isFalse();
    }

    @Test
    void unknownFieldsAreRefusedUnderStrictFieldValidationAsARealServerRefusesThem() {
        HttpResponse<String> response = create(CLUSTERS + "?fieldValidation=Strict", cluster("c",
                "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\", \"imagePullpolicy\": \"Always\"}}"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode status = json(response.body());
        assertThat(status.path("reason").asString()).isEqualTo("BadRequest");
        assertThat(status.path("message").asString()).isEqualTo("RedisCluster in version \"v1beta2\" cannot be handled as a RedisCluster: "
                + "strict decoding error: unknown field \"spec.kubernetesConfig.imagePullpolicy\"");
        assertThat(client.resources(RedisCluster.class).withName("c").get()).isNull();
    }

    @Test
    void theGenerationIsOneOnCreateAndGrowsWithEachSpecChangeOnly() {
        create(CLUSTERS, cluster("c", "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));
        var resource = client.resources(RedisCluster.class).withName("c");
        assertThat(resource.get().getMetadata().getGeneration()).isEqualTo(1L);

        resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"clusterSize\": 5}}");
        assertThat(resource.get().getMetadata().getGeneration()).isEqualTo(2L);

        resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\": {\"labels\": {\"team\": \"a\"}}}");
        resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\": {\"state\": \"Ready\"}}");
        assertThat(resource.get().getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void aStatusWriteChangesOnlyTheStatus() {
        create(CLUSTERS, cluster("c", "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        client.resources(RedisCluster.class).withName("c").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\": {\"clusterSize\": 9}, \"status\": {\"state\": \"Ready\"}}");

        JsonNode stored = stored("c");
        assertThat(stored.path("status").path("state").asString()).isEqualTo("Ready");
        assertThat(stored.path("spec").path("clusterSize").asInt()).isEqualTo(3);
    }

    @Test
    void aStatusTheSchemaRefusesIsRefused() {
        create(CLUSTERS, cluster("c", "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        HttpResponse<String> response = send("PATCH", CLUSTERS + "/c/status", "application/merge-patch+json", "{\"status\": {\"state\": \"Happy\"}}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response.body()).path("details").path("causes").get(0).path("field").asString()).isEqualTo("status.state");
    }

    @Test
    void aNameAgainstTheDnsSubdomainRulesIsRefused() {
        HttpResponse<String> response = create(CLUSTERS, cluster("My_Cluster", "{\"clusterSize\": 3, \"kubernetesConfig\": {\"image\": \"redis:7.0\"}}"));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode status = json(response.body());
        assertThat(status.path("message").asString()).startsWith("RedisCluster.redis.redis.opstreelabs.in \"My_Cluster\" is invalid: "
                + "metadata.name: Invalid value: \"My_Cluster\": a lowercase RFC 1123 subdomain must consist of");
        assertThat(status.path("details").path("causes").get(0).path("field").asString()).isEqualTo("metadata.name");
    }

    @Test
    void aServiceNameMustBeADns1035Label() {
        HttpResponse<String> refused = create("/api/v1/namespaces/default/services",
                "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"6379-redis\"}, \"spec\": {\"ports\": [{\"port\": 6379}]}}");
        HttpResponse<String> accepted = create("/api/v1/namespaces/default/configmaps",
                "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"6379-redis.conf\"}}");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused.body()).path("message").asString()).startsWith("Service \"6379-redis\" is invalid: "
                + "metadata.name: Invalid value: \"6379-redis\": a DNS-1035 label must consist of");
        assertThat(json(refused.body()).path("details").has("group")).isFalse();
        assertThat(accepted.statusCode()).isEqualTo(201);
        assertThat(client.configMaps().withName("6379-redis.conf").get()).isNotNull();
    }
}

package io.qsredis.operator.sandbox;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisReplication;
import io.qsredis.operator.TestingApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestsMockTest {
    private static final String REPLICATION = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisReplication
            metadata:
              name: redis-replication
            spec:
              clusterSize: %d
              kubernetesConfig:
                image: quay.io/opstree/redis:v7.0.15
                redisSecret:
                  name: redis-secret
                  key: password
            """;
    private static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: redis-secret
              namespace: apps
            stringData:
              password: %s
            """;

    private final TestingApiServer api = new TestingApiServer();
    private final KubernetesClient client = api.client();

    @AfterEach
    void tearDown() {
        api.close();
    }

    private Manifests parse(String text) {
        return Manifests.parse(text, client.getKubernetesSerialization());
    }

    @Test
    void readsCustomResourcesAndSecretsIntoTheirNamespacesOrDefault() {
        Manifests manifests = parse(REPLICATION.formatted(3) + "---\n" + SECRET.formatted("s3cret"));

        assertThat(manifests.problems()).isEmpty();
        assertThat(manifests.objects()).extracting(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .containsExactly("RedisReplication default/redis-replication", "Secret apps/redis-secret");
        assertThat(manifests.objects().get(0)).isInstanceOf(RedisReplication.class);
        assertThat(((RedisReplication) manifests.objects().get(0)).getSpec().clusterSize).isEqualTo(3);
        assertThat(manifests.customResources()).hasSize(1);
    }

    @Test
    void leavesOutAndReportsADocumentTheApiServerWouldRefuse() {
        Manifests manifests = parse("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: Redis
                metadata:
                  name: cache
                spec:
                  kubernetesConfig:
                    image: redis:7
                  clusterSiz: 3
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                """);

        assertThat(manifests.objects()).isEmpty();
        assertThat(manifests.problems()).hasSize(2);
        assertThat(manifests.problems().get(0)).contains("document 1 (Redis cache)").contains("clusterSiz");
        assertThat(manifests.problems().get(1)).contains("document 2 (Deployment app)");
    }

    @Test
    void reportsYamlThatDoesNotParse() {
        assertThat(parse("kind: [").problems()).singleElement().asString().startsWith("not valid YAML");
    }

    @Test
    void appliesCreatesThenUpdatesOnlyWhatChangedThenDeletesWhatTheFileDropped() {
        ManifestApplier applier = new ManifestApplier(client);
        assertThat(applier.apply(parse(REPLICATION.formatted(3) + "---\n" + SECRET.formatted("one"))))
                .containsExactly("created RedisReplication default/redis-replication", "created Secret apps/redis-secret");

        assertThat(applier.apply(parse(REPLICATION.formatted(3) + "---\n" + SECRET.formatted("one")))).isEmpty();

        assertThat(applier.apply(parse(REPLICATION.formatted(5) + "---\n" + SECRET.formatted("two"))))
                .containsExactly("updated RedisReplication default/redis-replication", "updated Secret apps/redis-secret");
        assertThat(client.resources(RedisReplication.class).inNamespace("default").withName("redis-replication").get().getSpec().clusterSize).isEqualTo(5);
        Secret secret = client.secrets().inNamespace("apps").withName("redis-secret").get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8)).isEqualTo("two");

        assertThat(applier.apply(parse(SECRET.formatted("two")))).containsExactly("deleted RedisReplication default/redis-replication");
        assertThat(client.resources(Redis.class).inAnyNamespace().list().getItems()).isEmpty();
        assertThat(client.resources(RedisReplication.class).inNamespace("default").withName("redis-replication").get()).isNull();
    }
}

package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.CommonStatus;
import io.qsredis.operator.Operator;
import io.qsredis.operator.TestingApiServer;
import io.qsredis.operator.kube.WatchNamespaces;
import io.qsredis.operator.loop.Backoff;
import io.qsredis.operator.metrics.OperatorMetrics;
import io.qsredis.renderer.RenderOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.qsredis.operator.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The production reconcilers on the mock API server (no pods run here): what they write, and what they refuse to. */
class ReconcilersMockTest {
    private final TestingApiServer api = new TestingApiServer();
    private final KubernetesClient client = api.client();
    private Operator operator;

    @BeforeEach
    void startOperator() throws Exception {
        Operator.Options options = new Operator.Options(WatchNamespaces.all(), 2, Duration.ofMinutes(10),
                new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)), Duration.ofSeconds(5));
        operator = new Operator(client, options, new OperatorMetrics(), "test", Reconcilers.KINDS,
                context -> Reconcilers.create(context, RenderOptions.defaults()));
        operator.start(Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        operator.close();
        api.close();
    }

    private void apply(String yaml) {
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).inNamespace("ns").create();
    }

    private static Optional<Condition> condition(CommonStatus status, String type) {
        return status == null || status.conditions == null ? Optional.empty()
                : status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private List<String> eventReasons(String name) {
        return client.v1().events().inNamespace("ns").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList();
    }

    @Test
    void anInvalidSpecIsReportedWithEveryProblemByFieldPathAndNothingIsCreated() {
        apply("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisSentinel
                metadata:
                  name: watchers
                spec:
                  clusterSize: 2
                  kubernetesConfig:
                    image: redis:7.0.15
                  redisSentinelConfig:
                    redisReplicationName: ""
                """);

        await(() -> condition(sentinel().getStatus(), "InvalidSpec").filter(c -> "True".equals(c.getStatus())).isPresent());
        String message = condition(sentinel().getStatus(), "InvalidSpec").get().getMessage();
        assertThat(message).contains("spec.clusterSize").contains("spec.redisSentinelConfig.redisReplicationName");
        assertThat(condition(sentinel().getStatus(), "Ready").get().getStatus()).isEqualTo("False");
        assertThat(eventReasons("watchers")).contains("InvalidSpec");
        await(operator::isIdle);
        assertThat(client.apps().statefulSets().inNamespace("ns").list().getItems()).isEmpty();
        assertThat(client.services().inNamespace("ns").list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace("ns").list().getItems()).isEmpty();
    }

    private RedisSentinel sentinel() {
        return client.resources(RedisSentinel.class).inNamespace("ns").withName("watchers").get();
    }

    private Redis cache() {
        return client.resources(Redis.class).inNamespace("ns").withName("cache").get();
    }

    @Test
    void aSpecThatBecomesInvalidLeavesWhatExistsUntouched() {
        apply("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: Redis
                metadata:
                  name: cache
                spec:
                  kubernetesConfig:
                    image: redis:7.0.15
                """);
        await(() -> client.apps().statefulSets().inNamespace("ns").withName("cache").get() != null);
        await(operator::isIdle);
        StatefulSet before = client.apps().statefulSets().inNamespace("ns").withName("cache").get();

        client.resources(Redis.class).inNamespace("ns").withName("cache").edit(r -> {
            r.getSpec().kubernetesConfig.image = "";
            r.getSpec().terminationGracePeriodSeconds = -1L;
            return r;
        });

        await(() -> condition(cache().getStatus(), "InvalidSpec").filter(c -> "True".equals(c.getStatus())).isPresent());
        assertThat(condition(cache().getStatus(), "InvalidSpec").get().getMessage())
                .contains("spec.kubernetesConfig.image").contains("spec.terminationGracePeriodSeconds");
        await(operator::isIdle);
        assertThat(client.apps().statefulSets().inNamespace("ns").withName("cache").get().getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
    }

    @Test
    void aMissingSecretIsReportedAndPickedUpWhenItAppears() {
        apply("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: Redis
                metadata:
                  name: cache
                spec:
                  kubernetesConfig:
                    image: redis:7.0.15
                    redisSecret:
                      name: cache-auth
                      key: password
                """);
        await(() -> condition(cache().getStatus(), "Ready").filter(c -> "SecretMissing".equals(c.getReason())).isPresent());
        assertThat(condition(cache().getStatus(), "Ready").get().getMessage()).contains("cache-auth");
        assertThat(eventReasons("cache")).contains("SecretMissing");
        await(operator::isIdle);
        assertThat(client.apps().statefulSets().inNamespace("ns").withName("cache").get()).isNull();

        client.secrets().inNamespace("ns").resource(new SecretBuilder()
                .withNewMetadata().withName("cache-auth").endMetadata()
                .withStringData(Map.of("password", "s3cret")).build()).create();

        await(() -> client.apps().statefulSets().inNamespace("ns").withName("cache").get() != null);
        await(() -> condition(cache().getStatus(), "Ready").filter(c -> "PodNotReady".equals(c.getReason())).isPresent());
    }

    @Test
    void aTlsSecretMissingAKeyIsReportedNamingTheKeyAndNothingIsCreated() {
        client.secrets().inNamespace("ns").resource(new SecretBuilder()
                .withNewMetadata().withName("cache-tls").endMetadata()
                .withStringData(Map.of("tls.crt", "not yet", "tls.key", "not yet")).build()).create();
        apply("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: Redis
                metadata:
                  name: cache
                spec:
                  kubernetesConfig:
                    image: redis:7.0.15
                  TLS:
                    secret:
                      secretName: cache-tls
                """);

        await(() -> condition(cache().getStatus(), "Ready").filter(c -> "TLSSecretInvalid".equals(c.getReason())).isPresent());
        assertThat(condition(cache().getStatus(), "Ready").get().getMessage()).isEqualTo("Secret ns/cache-tls: key \"ca.crt\" is missing");
        assertThat(eventReasons("cache")).contains("TLSSecretInvalid");
        assertThat(client.apps().statefulSets().inNamespace("ns").withName("cache").get()).isNull();
    }
}

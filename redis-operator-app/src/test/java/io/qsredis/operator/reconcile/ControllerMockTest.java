package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisReplicationSpec;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.RedisSentinelSpec;
import io.qsredis.model.RedisSpec;
import io.qsredis.model.common.ExistingPasswordSecret;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.RedisSentinelConfig;
import io.qsredis.model.common.Storage;
import io.qsredis.operator.Operator;
import io.qsredis.operator.TestingApiServer;
import io.qsredis.operator.kube.Applier;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.operator.kube.WatchNamespaces;
import io.qsredis.operator.loop.Backoff;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.metrics.OperatorMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.qsredis.operator.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The loop around the reconcilers: which changes reach which resource, deletion, skip-reconcile, namespaces. */
class ControllerMockTest {
    private final TestingApiServer api = new TestingApiServer();
    private final KubernetesClient client = api.client();
    private final Map<ResourceKey, AtomicInteger> passes = new ConcurrentHashMap<>();
    private Operator operator;

    @AfterEach
    void tearDown() {
        if (operator != null) {
            operator.close();
        }
        api.close();
    }

    /** Renders one StatefulSet {@code NAME} per resource, so that pods and PVCs can belong to it. */
    private final class TestingReconciler<P extends io.fabric8.kubernetes.client.CustomResource<?, ?>> implements Reconciler<P> {
        private final PrimaryKind<P> kind;
        private final String finalizer;
        private final Operator.Context context;

        TestingReconciler(PrimaryKind<P> kind, String finalizer, Operator.Context context) {
            this.kind = kind;
            this.finalizer = finalizer;
            this.context = context;
        }

        @Override
        public PrimaryKind<P> kind() {
            return kind;
        }

        @Override
        public String finalizer() {
            return finalizer;
        }

        @Override
        public Outcome reconcile(P resource) {
            passes.computeIfAbsent(ResourceKey.of(resource), k -> new AtomicInteger()).incrementAndGet();
            String name = resource.getMetadata().getName();
            context.applier().apply(resource, StatefulSet.class, name, new StatefulSetBuilder()
                    .withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().withReplicas(1).withServiceName(name + "-headless").endSpec()
                    .build());
            context.applier().apply(resource, ConfigMap.class, name, new ConfigMapBuilder()
                    .withNewMetadata().withName(name).endMetadata().withData(Map.of("k", "v")).build());
            return Outcome.done();
        }

        @Override
        public List<String> statefulSetsWithData(P resource) {
            return List.of(resource.getMetadata().getName());
        }

        @Override
        public boolean keepsDataAfterDelete(P resource) {
            return resource.getMetadata().getLabels() != null && resource.getMetadata().getLabels().containsKey("keep");
        }
    }

    private static final PrimaryKind<Redis> REDIS = PrimaryKind.of("Redis", Redis.class, r -> r.getSpec() != null
            && r.getSpec().kubernetesConfig != null && r.getSpec().kubernetesConfig.redisSecret != null
            ? Set.of(r.getSpec().kubernetesConfig.redisSecret.name) : Set.of());
    private static final PrimaryKind<RedisReplication> REPLICATION = PrimaryKind.of("RedisReplication", RedisReplication.class, r -> Set.of());
    private static final PrimaryKind<RedisSentinel> SENTINEL = new PrimaryKind<>("RedisSentinel", RedisSentinel.class, s -> Set.of(),
            s -> Set.of(new ResourceKey("RedisReplication", s.getMetadata().getNamespace(), s.getSpec().redisSentinelConfig.redisReplicationName)));

    private void startOperator(WatchNamespaces namespaces) throws Exception {
        Operator.Options options = new Operator.Options(namespaces, 2, Duration.ofMinutes(10),
                new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)), Duration.ofSeconds(5));
        operator = new Operator(client, options, new OperatorMetrics(), "test", List.of(REDIS, REPLICATION, SENTINEL), context -> List.of(
                new TestingReconciler<>(REDIS, "redisFinalizer", context),
                new TestingReconciler<>(REPLICATION, "redisReplicationFinalizer", context),
                new TestingReconciler<>(SENTINEL, "redisSentinelFinalizer", context)));
        operator.start(Duration.ofSeconds(10));
    }

    private static KubernetesConfig config(String secret) {
        KubernetesConfig config = new KubernetesConfig();
        config.image = "redis:7.0.15";
        if (secret != null) {
            config.redisSecret = new ExistingPasswordSecret();
            config.redisSecret.name = secret;
            config.redisSecret.key = "password";
        }
        return config;
    }

    private Redis redis(String namespace, String name, String secret) {
        Redis redis = new Redis();
        redis.getMetadata().setNamespace(namespace);
        redis.getMetadata().setName(name);
        redis.setSpec(new RedisSpec());
        redis.getSpec().kubernetesConfig = config(secret);
        return client.resource(redis).create();
    }

    private int passesOf(String kind, String namespace, String name) {
        AtomicInteger n = passes.get(new ResourceKey(kind, namespace, name));
        return n == null ? 0 : n.get();
    }

    private void awaitIdleAfterPassOf(String kind, String namespace, String name) {
        await(() -> passesOf(kind, namespace, name) > 0);
        await(operator::isIdle);
    }

    @Test
    void aSecretCreatedAfterTheResourceThatNamesItReconcilesThatResource() throws Exception {
        startOperator(WatchNamespaces.all());
        redis("ns", "cache", "cache-password");
        awaitIdleAfterPassOf("Redis", "ns", "cache");
        int before = passesOf("Redis", "ns", "cache");

        client.secrets().inNamespace("ns").resource(new SecretBuilder()
                .withNewMetadata().withName("cache-password").endMetadata()
                .withStringData(Map.of("password", "s3cret")).build()).create();
        client.secrets().inNamespace("ns").resource(new SecretBuilder()
                .withNewMetadata().withName("unrelated").endMetadata()
                .withStringData(Map.of("password", "other")).build()).create();

        await(() -> passesOf("Redis", "ns", "cache") == before + 1);
        await(operator::isIdle);
        assertThat(passesOf("Redis", "ns", "cache")).isEqualTo(before + 1);
    }

    @Test
    void aPodChangeReconcilesTheResourceThatOwnsItsStatefulSet() throws Exception {
        startOperator(WatchNamespaces.all());
        redis("ns", "cache", null);
        await(() -> client.apps().statefulSets().inNamespace("ns").withName("cache").get() != null);
        await(operator::isIdle);
        StatefulSet sts = client.apps().statefulSets().inNamespace("ns").withName("cache").get();
        int before = passesOf("Redis", "ns", "cache");

        client.pods().inNamespace("ns").resource(new PodBuilder()
                .withNewMetadata()
                    .withName("cache-0")
                    .withOwnerReferences(Applier.controllerReference(sts))
                .endMetadata()
                .build()).create();

        await(() -> passesOf("Redis", "ns", "cache") > before);
    }

    @Test
    void aChangeToAReplicationReconcilesTheSentinelsThatWatchIt() throws Exception {
        startOperator(WatchNamespaces.all());
        RedisReplication replication = new RedisReplication();
        replication.getMetadata().setNamespace("ns");
        replication.getMetadata().setName("r");
        replication.setSpec(new RedisReplicationSpec());
        replication.getSpec().clusterSize = 3;
        replication.getSpec().kubernetesConfig = config(null);
        client.resource(replication).create();
        RedisSentinel sentinel = new RedisSentinel();
        sentinel.getMetadata().setNamespace("ns");
        sentinel.getMetadata().setName("s");
        sentinel.setSpec(new RedisSentinelSpec());
        sentinel.getSpec().kubernetesConfig = config(null);
        sentinel.getSpec().redisSentinelConfig = new RedisSentinelConfig();
        sentinel.getSpec().redisSentinelConfig.redisReplicationName = "r";
        client.resource(sentinel).create();
        awaitIdleAfterPassOf("RedisSentinel", "ns", "s");
        awaitIdleAfterPassOf("RedisReplication", "ns", "r");
        int before = passesOf("RedisSentinel", "ns", "s");

        client.resources(RedisReplication.class).inNamespace("ns").withName("r")
                .edit(r -> { r.getSpec().clusterSize = 5; return r; });

        await(() -> passesOf("RedisSentinel", "ns", "s") > before);
    }

    @Test
    void skipReconcileLeavesTheResourceAloneAndSaysSoInAnEvent() throws Exception {
        startOperator(WatchNamespaces.all());
        Redis redis = new Redis();
        redis.getMetadata().setNamespace("ns");
        redis.getMetadata().setName("paused");
        redis.getMetadata().setAnnotations(Map.of("redis.opstreelabs.in/skip-reconcile", "true"));
        redis.setSpec(new RedisSpec());
        redis.getSpec().kubernetesConfig = config(null);
        client.resource(redis).create();

        await(() -> events("paused").stream().anyMatch(e -> "ReconcileSkipped".equals(e.getReason())));
        await(operator::isIdle);
        assertThat(passesOf("Redis", "ns", "paused")).isZero();
        assertThat(client.apps().statefulSets().inNamespace("ns").withName("paused").get()).isNull();

        client.resources(Redis.class).inNamespace("ns").withName("paused")
                .edit(r -> { r.getMetadata().getAnnotations().put("redis.opstreelabs.in/skip-reconcile", "false"); return r; });
        await(() -> passesOf("Redis", "ns", "paused") > 0);
    }

    private List<Event> events(String name) {
        return client.v1().events().inNamespace("ns").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private void pvc(String name) {
        client.persistentVolumeClaims().inNamespace("ns").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).endMetadata().build()).create();
    }

    private List<String> pvcNames() {
        return client.persistentVolumeClaims().inNamespace("ns").list().getItems().stream()
                .map(PersistentVolumeClaim::getMetadata).map(m -> m.getName()).sorted().toList();
    }

    @Test
    void deletingAResourceDeletesItsDataPvcsThenLetsItGo() throws Exception {
        startOperator(WatchNamespaces.all());
        redis("ns", "cache", null);
        await(() -> client.configMaps().inNamespace("ns").withName("cache").get() != null);
        await(() -> client.resources(Redis.class).inNamespace("ns").withName("cache").get().getMetadata().getFinalizers().contains("redisFinalizer"));
        pvc("cache-cache-0");
        pvc("cache-cache-1");
        pvc("cache-other-0");

        client.resources(Redis.class).inNamespace("ns").withName("cache").delete();

        await(() -> client.resources(Redis.class).inNamespace("ns").withName("cache").get() == null);
        assertThat(pvcNames()).containsExactly("cache-other-0");
        assertThat(events("cache")).anyMatch(e -> "Finalized".equals(e.getReason()) && e.getMessage().contains("cache-cache-1"));
    }

    @Test
    void keepAfterDeleteKeepsTheDataPvcs() throws Exception {
        startOperator(WatchNamespaces.all());
        Redis redis = new Redis();
        redis.getMetadata().setNamespace("ns");
        redis.getMetadata().setName("cache");
        redis.getMetadata().setLabels(Map.of("keep", "yes"));
        redis.setSpec(new RedisSpec());
        redis.getSpec().kubernetesConfig = config(null);
        redis.getSpec().storage = new Storage();
        redis.getSpec().storage.keepAfterDelete = true;
        client.resource(redis).create();
        await(() -> client.resources(Redis.class).inNamespace("ns").withName("cache").get().getMetadata().getFinalizers().contains("redisFinalizer"));
        pvc("cache-cache-0");

        client.resources(Redis.class).inNamespace("ns").withName("cache").delete();

        await(() -> client.resources(Redis.class).inNamespace("ns").withName("cache").get() == null);
        assertThat(pvcNames()).containsExactly("cache-cache-0");
    }

    @Test
    void watchesOnlyTheNamespacesOfWatchNamespace() throws Exception {
        startOperator(WatchNamespaces.parse("team-a, team-b"));
        redis("team-c", "elsewhere", null);
        redis("team-b", "mine", null);

        awaitIdleAfterPassOf("Redis", "team-b", "mine");
        assertThat(passesOf("Redis", "team-c", "elsewhere")).isZero();
        assertThat(client.apps().statefulSets().inNamespace("team-c").withName("elsewhere").get()).isNull();
    }
}

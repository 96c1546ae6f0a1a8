package io.qsredis.it.operator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.it.charts.Charts;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four charts installed with Helm (the embedded Helm 3 of helm-java, through a kubeconfig) into a running testbed
 * and operator, as {@code helm install} would on a cluster: each reaches Ready (the operator chart's objects exist; its
 * Deployment runs no pod, as the sandbox's operator runs in-process), an upgrade reaches the resource and its pods, an
 * uninstall removes the resources and removes or keeps their PVCs as {@code persistence.keepAfterDelete} says, and the
 * charts README's Python examples work through the Services' endpoints. Every release is installed once, up front, so
 * that their pods start together.
 */
class HelmInstallsTheChartsIntoTheSandboxIT {
    private static final String PASSWORD = "secret";
    /** A Sentinel group of one server and one Sentinel, with the password the chart generates. */
    private static final Map<String, String> SMALL_GROUP = Map.of("replicas", "1", "sentinel.replicas", "1", "sentinel.quorum", "1");
    private static final String CLUSTER_NAMESPACE = "shards";
    private static final String OPERATOR_NAMESPACE = "redis-operator";
    private static final Duration READY = Duration.ofSeconds(180);

    @TempDir
    static Path dir;
    private static TestingOperatorWorld world;
    private static Path kubeconfig;

    @BeforeAll
    static void installEveryRelease() {
        world = new TestingOperatorWorld();
        kubeconfig = dir.resolve("sandbox.kubeconfig");
        world.writeKubeconfig(kubeconfig);
        install("qs-redis-standalone", "my-cache", "default", withPassword(Map.of()));
        install("qs-redis-sentinel", "my-redis", "default", withPassword(Map.of()));
        install("qs-redis-cluster", "my-redis", CLUSTER_NAMESPACE, withPassword(Map.of()));
        install("qs-redis-operator-ot", "qs-redis-operator", OPERATOR_NAMESPACE, Map.of());
        install("qs-redis-sentinel", "upgraded", "default", withPassword(Map.of("replicas", "2", "sentinel.replicas", "1", "sentinel.quorum", "1")));
        install("qs-redis-sentinel", "generated", "default", SMALL_GROUP);
        install("qs-redis-standalone", "dropped", "default", withPassword(Map.of()));
        install("qs-redis-standalone", "kept", "default", withPassword(Map.of("persistence.keepAfterDelete", "true")));
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void theStandaloneChartReachesReady() {
        world.awaitReady(Redis.class, "my-cache", READY);

        assertThat(world.serviceEndpoints("my-cache")).singleElement().asString().endsWith(":6379");
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void theSentinelChartReachesReady() {
        world.awaitReady(RedisReplication.class, "my-redis", READY);
        world.awaitReady(RedisSentinel.class, "my-redis", READY);

        assertThat(world.serviceEndpoints("my-redis-sentinel")).hasSize(3);
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void theClusterChartReachesReady() {
        RedisCluster cluster = awaitReady(RedisCluster.class, CLUSTER_NAMESPACE, "my-redis");

        assertThat(cluster.getStatus().readyLeaderReplicas).isEqualTo(3);
        assertThat(endpoints(CLUSTER_NAMESPACE, "my-redis-cluster")).hasSize(6);
    }

    @Test
    void theOperatorChartCreatesItsObjectsAndLeavesTheServedCrdsInPlace() {
        KubernetesClient client = world.client();

        assertThat(client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName("qs-redis-operator").get()).isNotNull();
        assertThat(client.serviceAccounts().inNamespace(OPERATOR_NAMESPACE).withName("qs-redis-operator").get()).isNotNull();
        assertThat(client.rbac().clusterRoles().withName("qs-redis-operator").get()).isNotNull();
        assertThat(client.rbac().clusterRoleBindings().withName("qs-redis-operator").get().getSubjects())
                .singleElement().satisfies(subject -> assertThat(subject.getNamespace()).isEqualTo(OPERATOR_NAMESPACE));
        assertThat(client.services().inNamespace(OPERATOR_NAMESPACE).withName("qs-redis-operator-metrics").get()).isNotNull();
        assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
                .extracting(crd -> crd.getMetadata().getName())
                .contains("redis.redis.redis.opstreelabs.in", "redisreplications.redis.redis.opstreelabs.in",
                        "redissentinels.redis.redis.opstreelabs.in", "redisclusters.redis.redis.opstreelabs.in");
        assertThat(Helm.list().withNamespace(OPERATOR_NAMESPACE).withKubeConfig(kubeconfig).call())
                .singleElement().satisfies(release -> assertThat(release.getStatus()).isEqualTo("deployed"));
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void theReadmesPythonSentinelExampleWritesThroughTheSentinelServiceEndpoints() {
        world.awaitHealthy(RedisReplication.class, "my-redis", READY);
        world.awaitReady(RedisSentinel.class, "my-redis", READY);

        for (String sentinel : world.serviceEndpoints("my-redis-sentinel")) {
            assertThat(python(SENTINEL_EXAMPLE, host(sentinel), "through-" + host(sentinel), PASSWORD)).as("the example through " + sentinel)
                    .isEqualTo(Optional.of("written"));
        }
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void theReadmesPythonClusterExampleWritesThroughTheClusterServiceEndpoints() {
        awaitReady(RedisCluster.class, CLUSTER_NAMESPACE, "my-redis");

        List<String> nodes = endpoints(CLUSTER_NAMESPACE, "my-redis-cluster");
        for (String key : List.of("greeting", "order:1", "cart:42")) {
            assertThat(python(CLUSTER_EXAMPLE, host(nodes.get(0)), key, PASSWORD)).as("the example writing " + key).isEqualTo(Optional.of("written"));
        }
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void anUpgradeWithMoreReplicasReachesTheResourceAndStartsAReplicaPod() {
        world.awaitReady(RedisReplication.class, "upgraded", READY);

        Release upgraded = upgrade("qs-redis-sentinel", "upgraded",
                withPassword(Map.of("replicas", "3", "sentinel.replicas", "1", "sentinel.quorum", "1")));

        assertThat(upgraded.getRevision()).isEqualTo("2");
        assertThat(world.get(RedisReplication.class, "upgraded").getSpec().clusterSize).isEqualTo(3);
        world.awaitReady(RedisReplication.class, "upgraded", READY);
        try (Jedis replica = world.connect("upgraded-2", PASSWORD)) {
            assertThat(replica.info("replication")).contains("role:slave").contains("master_link_status:up");
        }
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void aGeneratedPasswordSurvivesAnUpgradeAndTheReadmesClientConnectsWithIt() {
        world.awaitReady(RedisSentinel.class, "generated", READY);
        String generated = generatedPassword();
        assertThat(generated).hasSize(32);

        Release upgraded = upgrade("qs-redis-sentinel", "generated", Map.of("replicas", "1", "sentinel.replicas", "1", "sentinel.quorum", "1",
                "sentinel.downAfterMilliseconds", "6000"));

        assertThat(upgraded.getRevision()).isEqualTo("2");
        assertThat(generatedPassword()).as("the password after helm upgrade").isEqualTo(generated);
        world.awaitReady(RedisSentinel.class, "generated", READY);
        String sentinel = Await.until("a ready Sentinel behind generated-sentinel", READY,
                () -> world.serviceEndpoints("generated-sentinel").stream().findFirst());
        assertThat(python(SENTINEL_EXAMPLE, host(sentinel), "generated", generated)).isEqualTo(Optional.of("written"));
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void anUninstallRemovesTheResourceItsObjectsAndItsPvcs() {
        world.awaitReady(Redis.class, "dropped", READY);
        assertThat(claims("dropped-")).isNotEmpty();

        Helm.uninstall("dropped").withNamespace("default").withKubeConfig(kubeconfig).call();

        KubernetesClient client = world.client();
        Await.until("Redis dropped, its StatefulSet, Services, Secret and PVCs gone", READY, () -> Optional.of(true).filter(gone ->
                world.get(Redis.class, "dropped") == null
                        && client.apps().statefulSets().inNamespace("default").withName("dropped").get() == null
                        && client.services().inNamespace("default").withName("dropped").get() == null
                        && client.secrets().inNamespace("default").withName("dropped-auth").get() == null
                        && claims("dropped-").isEmpty()));
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void anUninstallKeepsThePvcsWhenPersistenceKeepAfterDeleteIsSet() {
        world.awaitReady(Redis.class, "kept", READY);
        List<String> before = claims("kept-");
        assertThat(before).isNotEmpty();

        Helm.uninstall("kept").withNamespace("default").withKubeConfig(kubeconfig).call();

        KubernetesClient client = world.client();
        Await.until("Redis kept and its StatefulSet gone", READY, () -> Optional.of(true).filter(gone ->
                world.get(Redis.class, "kept") == null && client.apps().statefulSets().inNamespace("default").withName("kept").get() == null));
        assertThat(claims("kept-")).isEqualTo(before);
    }

    /** The charts README's Sentinel example, with the Service's endpoint as the testbed has no DNS, and short timeouts. */
    private static final String SENTINEL_EXAMPLE = """
            import sys
            from redis.sentinel import Sentinel

            # Sentinel-aware connection
            sentinel = Sentinel([(sys.argv[1], 26379)], password=sys.argv[3], socket_timeout=0.5)
            redis_client = sentinel.master_for('mymaster', password=sys.argv[3], db=0, socket_timeout=0.5)
            redis_client.set(sys.argv[2], 'written')
            print(redis_client.get(sys.argv[2]).decode())
            """;

    /**
     * The charts README's cluster example with redis-py's own cluster client: the README's {@code rediscluster}
     * (redis-py-cluster) was folded into redis-py 4 as {@code redis.cluster}, and Debian's python3-rediscluster does not
     * import with Debian's redis-py 4. The chart requires a password, which the README's example leaves out.
     */
    private static final String CLUSTER_EXAMPLE = """
            import sys
            from redis.cluster import RedisCluster, ClusterNode

            startup_nodes = [ClusterNode(sys.argv[1], 6379)]
            redis_client = RedisCluster(startup_nodes=startup_nodes, password=sys.argv[3], socket_timeout=2)
            redis_client.set(sys.argv[2], 'written')
            print(redis_client.get(sys.argv[2]).decode())
            """;

    private static Release install(String chart, String release, String namespace, Map<String, String> values) {
        InstallCommand install = new Helm(Charts.chart(chart)).install()
                .withName(release)
                .withNamespace(namespace)
                .withKubeConfig(kubeconfig);
        values.forEach(install::set);
        return install.call();
    }

    private static Release upgrade(String chart, String release, Map<String, String> values) {
        var upgrade = new Helm(Charts.chart(chart)).upgrade()
                .withName(release)
                .withNamespace("default")
                .withKubeConfig(kubeconfig);
        values.forEach(upgrade::set);
        return upgrade.call();
    }

    private static <T extends CustomResource<?, ?>> T awaitReady(Class<T> type, String namespace, String name) {
        return Await.until(type.getSimpleName() + " " + namespace + "/" + name + " Ready", READY, () ->
                Optional.ofNullable(world.client().resources(type).inNamespace(namespace).withName(name).get())
                        .filter(cr -> cr.getStatus() instanceof io.qsredis.model.common.CommonStatus status && status.conditions != null
                                && status.conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                                && cr.getMetadata().getGeneration().equals(status.observedGeneration)));
    }

    private static List<String> endpoints(String namespace, String service) {
        return world.serviceEndpoints(namespace, service);
    }

    private static List<String> claims(String prefix) {
        return world.client().persistentVolumeClaims().inNamespace("default").list().getItems().stream()
                .map(PersistentVolumeClaim::getMetadata).map(meta -> meta.getName()).filter(name -> name.startsWith(prefix)).sorted().toList();
    }

    private static String host(String endpoint) {
        return endpoint.substring(0, endpoint.lastIndexOf(':'));
    }

    /** What the Python program printed, when it succeeded. */
    private static Map<String, String> withPassword(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.put("auth.password", PASSWORD);
        return all;
    }

    /** The password the chart generated into the Secret {@code generated-auth}. */
    private static String generatedPassword() {
        String encoded = world.client().secrets().inNamespace("default").withName("generated-auth").get().getData().get("password");
        return new String(java.util.Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static Optional<String> python(String program, String host, String key, String password) {
        try {
            Process python = new ProcessBuilder("/usr/bin/python3", "-c", program, host, key, password).redirectErrorStream(true).start();
            if (!python.waitFor(20, TimeUnit.SECONDS)) {
                python.destroyForcibly();
                return Optional.of("timed out");
            }
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return Optional.of(python.exitValue() == 0 ? output : "failed: " + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

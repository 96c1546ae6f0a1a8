package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pod runtime running rendered pods as real redis-server processes. */
class PodRuntimeMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String PASSWORD = "s3cret-pw";

    private static Testbed testbed;

    @BeforeAll
    static void start() {
        testbed = Testbed.start(TestbedConfig.isolated());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    static Jedis connect(String address, int port, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .serverDefaultProtocol()
                .timeoutMillis(2000);
        if (password != null) {
            config.password(password);
        }
        return new Jedis(new HostAndPort(address, port), config.build());
    }

    static Jedis connect(String address) {
        return connect(address, 6379, PASSWORD);
    }

    private static ContainerStatus redisStatus(Pod pod) {
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> status.getName().equals("redis"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void replicationPodsRunTheRenderedConfigurationAtTheirOwnAddresses() {
        TestingResources.create(testbed.client(), "run", "replication.yaml");

        Pod first = testbed.hooks().awaitReady("run", "cache-0", TIMEOUT);
        Pod second = testbed.hooks().awaitReady("run", "cache-1", TIMEOUT);

        String address = first.getStatus().getPodIP();
        assertThat(address).isNotEqualTo(second.getStatus().getPodIP()).startsWith("127.").isNotEqualTo("127.0.0.1");
        assertThat(first.getMetadata().getLabels())
                .containsEntry("app", "cache")
                .containsEntry(StatefulSetController.POD_NAME_LABEL, "cache-0");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("StatefulSet"));
        assertThat(first.getStatus().getInitContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("config");
        assertThat(first.getStatus().getContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("redis");
        try (Jedis redis = connect(address)) {
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.configGet("dir").get("dir"))
                    .isEqualTo(testbed.stateDirectory().resolve(Path.of("claims", "run", "cache-cache-0")).toString());
            assertThat(redis.configGet("appendonly").get("appendonly")).isEqualTo("yes");
        }
        try (Jedis anonymous = connect(address, 6379, null)) {
            assertThatThrownBy(anonymous::ping).isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
        }
        assertThat(testbed.client().persistentVolumeClaims().inNamespace("run").list().getItems())
                .extracting(claim -> claim.getMetadata().getName(), claim -> claim.getStatus().getPhase())
                .containsExactlyInAnyOrder(Tuple.tuple("cache-cache-0", "Bound"), Tuple.tuple("cache-cache-1", "Bound"));
        TestbedEndpoints endpoints = testbed.endpoints();
        assertThat(endpoints.services().get("run/cache"))
                .containsExactly(address + ":6379", second.getStatus().getPodIP() + ":6379");
        assertThat(endpoints.services().get("run/cache-master")).isEmpty();
        assertThat(endpoints.pods()).containsEntry("run/cache-0", address);
        Await.until("the Endpoints of Service cache listing both pods", TIMEOUT, () ->
                testbed.client().endpoints().inNamespace("run").withName("cache").get().getSubsets().stream()
                        .anyMatch(subset -> subset.getAddresses().size() == 2));
    }

    @Test
    void aStandalonePodRunsWithoutStorage() {
        TestingResources.create(testbed.client(), "solo", "standalone.yaml");

        String address = testbed.hooks().awaitReady("solo", "solo-0", TIMEOUT).getStatus().getPodIP();

        try (Jedis redis = connect(address)) {
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.configGet("appendonly").get("appendonly")).isEqualTo("no");
        }
        assertThat(testbed.client().persistentVolumeClaims().inNamespace("solo").list().getItems()).isEmpty();
    }

    @Test
    void aCrashedContainerRestartsInPlaceAtTheSameAddress() {
        TestingResources.create(testbed.client(), "crash", "replication.yaml");
        String address = testbed.hooks().awaitReady("crash", "cache-0", TIMEOUT).getStatus().getPodIP();

        testbed.hooks().crashContainer("crash", "cache-0");
        Pod restarted = testbed.hooks().awaitRestartedAndReady("crash", "cache-0", 1, TIMEOUT);

        assertThat(restarted.getStatus().getPodIP()).isEqualTo(address);
        assertThat(redisStatus(restarted).getRestartCount()).isEqualTo(1);
        assertThat(redisStatus(restarted).getLastState().getTerminated().getExitCode()).isEqualTo(137);
        try (Jedis redis = connect(address)) {
            assertThat(redis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aDeletedPodComesBackAtANewAddressWithTheDataOfItsClaim() {
        TestingResources.create(testbed.client(), "delete", "replication.yaml");
        String address = testbed.hooks().awaitReady("delete", "cache-0", TIMEOUT).getStatus().getPodIP();
        List<TestbedEndpoints> changes = new CopyOnWriteArrayList<>();
        testbed.onEndpointsChange(changes::add);
        try (Jedis redis = connect(address)) {
            redis.replicaofNoOne(); // a replication's servers start as replicas of nothing until named master
            redis.set("greeting", "survives");
        }

        testbed.hooks().deletePod("delete", "cache-0");
        String newAddress = testbed.hooks().awaitReadyAtNewAddress("delete", "cache-0", address, TIMEOUT);

        try (Jedis redis = connect(newAddress)) {
            assertThat(redis.get("greeting")).isEqualTo("survives");
        }
        assertThatThrownBy(() -> connect(address).ping()).isInstanceOf(JedisConnectionException.class);
        Await.until("the endpoints listener told the new address", TIMEOUT, () -> changes.stream()
                .anyMatch(endpoints -> endpoints.services().get("delete/cache").contains(newAddress + ":6379")));
    }

    @Test
    void scalingDownStopsTheHighestOrdinalAndKeepsItsClaim() {
        TestingResources.create(testbed.client(), "scale", "replication.yaml");
        testbed.hooks().awaitReady("scale", "cache-0", TIMEOUT);
        String last = testbed.hooks().awaitReady("scale", "cache-1", TIMEOUT).getStatus().getPodIP();

        testbed.client().apps().statefulSets().inNamespace("scale").withName("cache").scale(1);
        testbed.hooks().awaitGone("scale", "cache-1", TIMEOUT);

        assertThat(testbed.hooks().podAddress("scale", "cache-0")).isPresent();
        assertThatThrownBy(() -> connect(last).ping()).isInstanceOf(JedisConnectionException.class);
        assertThat(testbed.client().persistentVolumeClaims().inNamespace("scale").list().getItems())
                .extracting(PersistentVolumeClaim::getMetadata)
                .extracting(meta -> meta.getName())
                .contains("cache-cache-1");
        Await.until("StatefulSet status counting one ready replica", TIMEOUT, () -> {
            StatefulSetStatus status = testbed.client().apps().statefulSets().inNamespace("scale").withName("cache").get().getStatus();
            return status.getReplicas() == 1 && status.getReadyReplicas() == 1;
        });
        assertThat(testbed.endpoints().services().get("scale/cache")).hasSize(1);
    }
}

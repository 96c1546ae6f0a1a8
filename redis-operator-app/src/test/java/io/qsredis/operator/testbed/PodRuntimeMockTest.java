package io.qsredis.operator.testbed;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pod runtime with real redis-server processes, on a StatefulSet written after POD-LAYOUT. */
class PodRuntimeMockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSWORD = "s3cret-pw";

    private static Testbed testbed;

    @BeforeAll
    static void start() {
        testbed = Testbed.start(TestbedConfig.isolated());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    static String fixture(String name) {
        try (InputStream in = PodRuntimeMockTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void applyCache(String namespace) {
        testbed.apply(namespace, fixture("redis-statefulset.yaml"), namespace);
    }

    private static Jedis connect(String address) {
        return new Jedis(new HostAndPort(address, 6379), DefaultJedisClientConfig.builder()
                .password(PASSWORD)
                .timeoutMillis(2000)
                .build());
    }

    private static ContainerStatus redisStatus(Pod pod) {
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> status.getName().equals("redis"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void statefulSetPodsRunRedisWithTheRenderedConfigurationAtTheirOwnAddresses() {
        applyCache("run");

        Pod first = testbed.hooks().awaitReady("run", "cache-0", TIMEOUT);
        Pod second = testbed.hooks().awaitReady("run", "cache-1", TIMEOUT);

        String address = first.getStatus().getPodIP();
        assertThat(address).isNotEqualTo(second.getStatus().getPodIP()).startsWith("127.").isNotEqualTo("127.0.0.1");
        assertThat(first.getMetadata().getLabels())
                .containsEntry("app", "cache")
                .containsEntry(StatefulSetController.POD_NAME_LABEL, "cache-0");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("StatefulSet"));
        assertThat(first.getStatus().getContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("redis");
        try (Jedis redis = connect(address)) {
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.configGet("dir").get("dir"))
                    .isEqualTo(testbed.stateDirectory().resolve(Path.of("claims", "run", "cache-cache-0")).toString());
            assertThat(redis.configGet("appendonly").get("appendonly")).isEqualTo("yes");
        }
        try (Jedis anonymous = new Jedis(new HostAndPort(address, 6379), DefaultJedisClientConfig.builder().build())) {
            assertThatThrownBy(anonymous::ping).isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
        }
        assertThat(testbed.client().persistentVolumeClaims().inNamespace("run").list().getItems())
                .extracting(claim -> claim.getMetadata().getName(), claim -> claim.getStatus().getPhase())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("cache-cache-0", "Bound"),
                        org.assertj.core.groups.Tuple.tuple("cache-cache-1", "Bound"));
        TestbedEndpoints endpoints = testbed.endpoints();
        assertThat(endpoints.services().get("run/cache"))
                .containsExactlyInAnyOrder(address + ":6379", second.getStatus().getPodIP() + ":6379");
        assertThat(endpoints.pods()).containsEntry("run/cache-0", address);
    }

    @Test
    void aCrashedContainerRestartsInPlaceAtTheSameAddress() {
        applyCache("crash");
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
        applyCache("delete");
        String address = testbed.hooks().awaitReady("delete", "cache-0", TIMEOUT).getStatus().getPodIP();
        try (Jedis redis = connect(address)) {
            redis.set("greeting", "survives");
        }

        testbed.hooks().deletePod("delete", "cache-0");
        String newAddress = testbed.hooks().awaitReadyAtNewAddress("delete", "cache-0", address, TIMEOUT);

        try (Jedis redis = connect(newAddress)) {
            assertThat(redis.get("greeting")).isEqualTo("survives");
        }
        assertThatThrownBy(() -> connect(address).ping()).isInstanceOf(JedisConnectionException.class);
    }

    @Test
    void scalingDownStopsTheHighestOrdinalAndKeepsItsClaim() {
        applyCache("scale");
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
        Await.until("StatefulSet status counts one ready replica", TIMEOUT, () -> {
            var status = testbed.client().apps().statefulSets().inNamespace("scale").withName("cache").get().getStatus();
            return status.getReplicas() == 1 && status.getReadyReplicas() == 1;
        });
        assertThat(List.of(testbed.endpoints().services().get("scale/cache"))).hasSize(1);
    }
}

package io.qsredis.testbed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;


/**
 * Pods on loopback addresses see each other at their pod addresses, not at 127.0.0.1: replicas and
 * Sentinels learn the right peers, so that a Sentinel failover between testbed pods completes.
 */
class SentinelFailoverMockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String NS = "sentinel";

    private static Testbed testbed;

    @BeforeAll
    static void start() {
        testbed = Testbed.start(TestbedConfig.isolated());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    private static Jedis redis(String address) {
        return PodRuntimeMockTest.connect(address);
    }

    private static Jedis sentinel(String address) {
        return PodRuntimeMockTest.connect(address, 26379, null);
    }

    @Test
    void sentinelsAndReplicasLearnPodAddressesAndFailOver() {
        TestingResources.create(testbed.client(), NS, "replication.yaml");
        TestingResources.create(testbed.client(), NS, "sentinel.yaml");
        String master = testbed.hooks().awaitReady(NS, "cache-0", TIMEOUT).getStatus().getPodIP();
        String replica = testbed.hooks().awaitReady(NS, "cache-1", TIMEOUT).getStatus().getPodIP();
        try (Jedis jedis = redis(master)) {
            jedis.replicaofNoOne(); // a replication's servers start as replicas of nothing until named master
        }
        try (Jedis jedis = redis(replica)) {
            jedis.replicaof(master, 6379);
        }
        // A Sentinel pod is ready only once it monitors its group, and the StatefulSet creates the next one only then.
        List<String> sentinels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String address = testbed.hooks().awaitRunning(NS, "watch-sentinel-" + i, TIMEOUT).getStatus().getPodIP();
            Await.until("watch-sentinel-" + i + " monitoring cache", TIMEOUT, () -> {
                try (Jedis jedis = sentinel(address)) {
                    jedis.sentinelMonitor("cache", master, 6379, 2);
                    jedis.sentinelSet("cache", Map.of("auth-pass", "s3cret-pw", "down-after-milliseconds", "1000"));
                    return Optional.of(true);
                } catch (JedisConnectionException notListeningYet) {
                    return Optional.empty();
                }
            });
            testbed.hooks().awaitReady(NS, "watch-sentinel-" + i, TIMEOUT);
            sentinels.add(address);
        }

        try (Jedis jedis = sentinel(sentinels.get(0))) {
            Await.until("sentinel 0 knows the replica and the other sentinels by their pod addresses", TIMEOUT, () ->
                    jedis.sentinelReplicas("cache").stream().anyMatch(r -> replica.equals(r.get("ip")))
                            && jedis.sentinelSentinels("cache").stream().map(s -> s.get("ip")).toList()
                                    .containsAll(sentinels.subList(1, 3)));
        }

        // The master stops answering; the sentinels must agree it is down and elect a leader among themselves.
        try (Jedis jedis = redis(master)) {
            jedis.clientPause(5000, ClientPauseMode.ALL);
        }

        try (Jedis jedis = sentinel(sentinels.get(1))) {
            Await.until("the replica promoted", TIMEOUT, () ->
                    jedis.sentinelGetMasterAddrByName("cache").get(0).equals(replica));
        }
        try (Jedis promoted = redis(replica)) {
            assertThat(promoted.info("replication")).contains("role:master");
        }
    }
}

package io.qsredis.it.operator;

import io.qsredis.it.fixtures.StandaloneManifests;
import io.qsredis.model.Redis;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A standalone Redis through the operator, with real redis-server processes. */
class StandaloneRedisIT {
    /** The Secret and a Redis {@code cache} with a data volume. */
    private static final String PERSISTENT = StandaloneManifests.cache() + """
              storage:
                volumeClaimTemplate:
                  spec:
                    accessModes: [ReadWriteOnce]
                    resources:
                      requests:
                        storage: 1Gi
            """;

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aNewImageRestartsThePodWithAnEventAndReadyWaitsForIt() {
        String manifests = PERSISTENT;
        world.apply(manifests);
        world.awaitReady(Redis.class, "cache", Duration.ofSeconds(30));
        try (Jedis client = world.connect("cache-0", StandaloneManifests.PASSWORD)) {
            client.set("kept", "yes");
            client.save();
        }
        String before = world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).withName("cache-0").get().getMetadata().getUid();

        world.apply(manifests.replace("image: redis:7.0.15", "image: redis:7.2.4"));

        Await.until("cache-0 replaced and the Redis Ready on the new revision", Duration.ofSeconds(40), () -> java.util.Optional
                .ofNullable(world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).withName("cache-0").get())
                .filter(pod -> !before.equals(pod.getMetadata().getUid()))
                .filter(pod -> ImageChangeRollsTheSentinelGroupIT.upToDateAndReady(world.get(Redis.class, "cache"))));
        assertThat(world.eventCounts().get("PodRestarted")).isEqualTo(1L);
        assertThat(world.get(Redis.class, "cache").getStatus().state).isEqualTo("Ready");
        try (Jedis client = world.connect("cache-0", StandaloneManifests.PASSWORD)) {
            assertThat(client.get("kept")).as("the data on its volume").isEqualTo("yes");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void becomesReadyAndAnswersOnlyWithItsPassword() {
        world.apply(StandaloneManifests.cache());

        Redis cache = world.awaitReady(Redis.class, "cache", Duration.ofSeconds(30));

        assertThat(cache.getStatus().state).isEqualTo("Ready");
        try (Jedis anonymous = world.connect("cache-0", null)) {
            assertThatThrownBy(anonymous::ping).isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
        }
        try (Jedis client = world.connect("cache-0", StandaloneManifests.PASSWORD)) {
            assertThat(client.ping()).isEqualTo("PONG");
        }
        assertThat(world.serviceEndpoints("cache")).containsExactly(world.podIp("cache-0") + ":6379");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void appliesDynamicConfigLiveWithoutARestart() {
        String manifest = StandaloneManifests.cache() + """
                  redisConfig:
                    dynamicConfig:
                      - maxmemory-policy %s
                      - slowlog-log-slower-than 5000
                """;
        world.apply(manifest.formatted("allkeys-lru"));
        world.awaitReady(Redis.class, "cache", Duration.ofSeconds(30));
        try (Jedis client = world.connect("cache-0", StandaloneManifests.PASSWORD)) {
            assertThat(client.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
            assertThat(client.configGet("slowlog-log-slower-than")).containsEntry("slowlog-log-slower-than", "5000");
        }
        long pid = world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, "cache-0").orElseThrow();

        world.apply(manifest.formatted("volatile-lfu"));

        Await.until("maxmemory-policy volatile-lfu, set live", Duration.ofSeconds(15), () -> {
            try (Jedis client = world.connect("cache-0", StandaloneManifests.PASSWORD)) {
                return "volatile-lfu".equals(client.configGet("maxmemory-policy").get("maxmemory-policy"));
            }
        });
        assertThat(world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, "cache-0")).hasValue(pid);
        assertThat(world.hooks().restartCount(TestingOperatorWorld.NAMESPACE, "cache-0")).isZero();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void keepsItsDataAcrossAPodRestartWithPersistenceOn() {
        world.apply(PERSISTENT);
        world.awaitReady(Redis.class, "cache", Duration.ofSeconds(30));
        String before = world.podIp("cache-0");
        try (Jedis client = world.connect("cache-0", StandaloneManifests.PASSWORD)) {
            client.set("order:42", "paid");
        }

        world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, "cache-0");
        world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, "cache-0", before, Duration.ofSeconds(30));

        String value = Await.until("order:42 readable after the restart", Duration.ofSeconds(10), () -> {
            try (Jedis client = world.connect("cache-0", StandaloneManifests.PASSWORD)) {
                return java.util.Optional.ofNullable(client.get("order:42"));
            } catch (RuntimeException loading) {
                return java.util.Optional.empty();
            }
        });
        assertThat(value).isEqualTo("paid");
    }
}

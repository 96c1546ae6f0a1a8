package io.qsredis.it.operator;

import io.qsredis.it.charts.Charts;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The charts README's Python client (redis-py), run against what {@code helm install my-redis charts/qs-redis-sentinel
 * --set auth.password=secret} creates, the moment both resources first report Ready: every Sentinel behind the
 * {@code my-redis-sentinel} Service names the master (none answers "No master found"); the master killed then, the
 * same client writes again within the budget.
 */
class SeedPythonSentinelExampleIT {
    /** The README's example, with the Service's address as the testbed has no DNS, and short socket timeouts. */
    private static final String EXAMPLE = """
            import sys
            from redis.sentinel import Sentinel

            # Sentinel-aware connection
            sentinel = Sentinel([(sys.argv[1], 26379)], password='secret', socket_timeout=0.5)
            redis_client = sentinel.master_for('mymaster', password='secret', db=0, socket_timeout=0.5)
            redis_client.set(sys.argv[2], 'written')
            print(redis_client.get(sys.argv[2]).decode())
            """;
    private static final Duration BUDGET = Duration.ofSeconds(10);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theReadmesPythonClientWritesThroughEverySentinelAtReadyAndAgainAfterTheMasterIsKilled() {
        world.apply(Charts.template("qs-redis-sentinel", "my-redis", TestingOperatorWorld.NAMESPACE, Map.of("auth.password", "secret")));
        world.awaitReady(RedisReplication.class, "my-redis", Duration.ofSeconds(90));
        world.awaitReady(RedisSentinel.class, "my-redis", Duration.ofSeconds(30));

        List<String> sentinels = world.serviceEndpoints("my-redis-sentinel");
        assertThat(sentinels).as("Sentinels behind the Service at Ready").hasSize(3);
        for (String sentinel : sentinels) {
            assertThat(example(sentinel.split(":")[0], "at-ready")).as("the example through " + sentinel).isEqualTo(Optional.of("written"));
        }

        String master = world.get(RedisReplication.class, "my-redis").getStatus().masterNode;
        long killed = System.nanoTime();
        world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, master);
        Duration outage = Await.until("the example writing again", Duration.ofSeconds(60), () -> {
            List<String> ready = world.serviceEndpoints("my-redis-sentinel");
            return ready.isEmpty() ? Optional.empty()
                    : example(ready.get(0).split(":")[0], "after-kill").map(written -> Duration.ofNanos(System.nanoTime() - killed));
        });
        assertThat(outage).as("from the kill to the example writing again").isLessThan(BUDGET);
    }

    /** What the example printed, when it succeeded. */
    private static Optional<String> example(String sentinelHost, String key) {
        try {
            Process python = new ProcessBuilder("/usr/bin/python3", "-c", EXAMPLE, sentinelHost, key).redirectErrorStream(true).start();
            if (!python.waitFor(10, TimeUnit.SECONDS)) {
                python.destroyForcibly();
                return Optional.empty();
            }
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return python.exitValue() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

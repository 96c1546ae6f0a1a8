package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.qsredis.it.bench.SentinelServiceClient;
import io.qsredis.it.bench.WriteProbe;
import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.CommonStatus;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image of a Sentinel-watched replication of 3 and of its RedisSentinel of 3 changes while a client writes through
 * Sentinel: every pod restarts on the new revision, one at a time, the master last after a hand-over; no acknowledged
 * write is lost and writes stop only briefly.
 */
class ImageChangeRollsTheSentinelGroupIT {
    private static final String PASSWORD = "roll-me";
    /** The longest stretch without an acknowledged write that a planned restart of the whole group may cost here. */
    private static final Duration WRITE_GAP_BUDGET = Duration.ofSeconds(3);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyPodRestartsOnTheNewImageOneAtATimeAndNoAcknowledgedWriteIsLost() {
        String manifests = SentinelGroupManifests.secret(PASSWORD) + "---\n" + SentinelGroupManifests.replicationWithSentinels("mymaster");
        world.apply(manifests);
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(30));
        Set<String> before = new HashSet<>(PodAvailabilityWatch.uids(world, "app"));
        before.addAll(PodAvailabilityWatch.uids(world, "app-sentinel"));
        assertThat(before).hasSize(6);

        try (SentinelServiceClient client = new SentinelServiceClient(() -> world.sentinelAddresses("app-sentinel"), "mymaster", PASSWORD);
                WriteProbe probe = new WriteProbe(client::master, Duration.ofMillis(5));
                PodAvailabilityWatch watch = new PodAvailabilityWatch(world, Map.of("app", 3, "app-sentinel", 3))) {
            Await.until("writes flowing", Duration.ofSeconds(10), () -> Optional.of(probe.acks().size()).filter(n -> n > 50));
            long changed = System.nanoTime();
            world.apply(manifests.replace("image: redis:7.0.15", "image: redis:7.2.4"));

            Await.until("every pod replaced and both resources Ready on the new revision", Duration.ofSeconds(180), () -> {
                Set<String> now = new HashSet<>(PodAvailabilityWatch.uids(world, "app"));
                now.addAll(PodAvailabilityWatch.uids(world, "app-sentinel"));
                boolean replaced = now.size() == 6 && now.stream().noneMatch(before::contains);
                return replaced && upToDateAndReady(world.get(RedisReplication.class, "app"))
                        && upToDateAndReady(world.get(RedisSentinel.class, "app"))
                        ? Optional.of(true) : Optional.empty();
            });
            Await.until("writes after the rollout", Duration.ofSeconds(10), () -> Optional.of(true).filter(x -> probe.acknowledgedSince(System.nanoTime() - 500_000_000L)));
            probe.close();

            WriteProbe.Outage outage;
            try (Jedis master = client.master()) {
                outage = probe.outage(changed, probe.surviving(master));
            }
            int acks = outage.acknowledged();
            System.out.println("rollout of the Sentinel group: " + acks + " acknowledged writes, longest gap " + outage.unavailable().orElseThrow());
            assertThat(outage.lostBeforeKill() + outage.lostAfterKill()).as("acknowledged writes lost of " + acks).isZero();
            assertThat(outage.unavailable()).as("longest stretch without an acknowledged write").isPresent();
            assertThat(outage.unavailable().get()).as("longest stretch without an acknowledged write").isLessThanOrEqualTo(WRITE_GAP_BUDGET);
            assertThat(watch.fewestReady("app")).as("data pods ready at the worst moment").isGreaterThanOrEqualTo(2);
            assertThat(watch.fewestReady("app-sentinel")).as("Sentinels ready at the worst moment (quorum 2)").isGreaterThanOrEqualTo(2);
        }
        Map<String, Long> events = world.eventCounts();
        assertThat(events.get("PodRestarted")).as("one PodRestarted event per pod").isEqualTo(6L);
        assertThat(events.get("MasterHandedOver")).as("the master handed over before its restart").isEqualTo(1L);
    }

    /** Ready, with every pod on the desired revision, for the resource's current generation. */
    static boolean upToDateAndReady(CustomResource<?, ? extends CommonStatus> cr) {
        if (cr == null || cr.getStatus() == null || cr.getStatus().conditions == null
                || !cr.getMetadata().getGeneration().equals(cr.getStatus().observedGeneration)) {
            return false;
        }
        List<Condition> conditions = cr.getStatus().conditions;
        return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                && conditions.stream().anyMatch(c -> "RollingUpdate".equals(c.getType()) && "False".equals(c.getStatus()));
    }
}

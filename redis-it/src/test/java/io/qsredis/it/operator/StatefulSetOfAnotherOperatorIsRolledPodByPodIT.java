package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.operator.kube.ContentHash;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Taking over a StatefulSet that another operator made for the same resource (as upstream's does: the same name,
 * selector and claim names, its own pod template, {@code RollingUpdate}): its pods carry no template revision of
 * ours, so the operator rolls them to its own template one at a time, the master last after a hand-over, keeping
 * every PVC and every key; never a recreate on an empty volume.
 */
class StatefulSetOfAnotherOperatorIsRolledPodByPodIT {
    private static final String PASSWORD = "adopt-me";
    private static final int KEYS = 300;

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyPodMovesToOurTemplateOneAtATimeWithItsClaimAndData() {
        String manifests = SentinelGroupManifests.secret(PASSWORD) + "---\n" + SentinelGroupManifests.replication() + """
                  storage:
                    volumeClaimTemplate:
                      spec:
                        accessModes: [ReadWriteOnce]
                        resources:
                          requests:
                            storage: 1Gi
                """;
        world.apply(manifests);
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
        try (Jedis master = world.connect(world.get(RedisReplication.class, "app").getStatus().masterNode, PASSWORD)) {
            for (int i = 0; i < KEYS; i++) {
                master.set("k" + i, "v" + i);
            }
            master.waitReplicas(2, 2_000);
        }
        Map<String, String> claims = claimUids();

        // Another operator's StatefulSet: its own pod template (no revision of ours) and RollingUpdate, as upstream renders it.
        world.stopOperator();
        StatefulSet ours = world.client().apps().statefulSets().inNamespace(TestingOperatorWorld.NAMESPACE).withName("app").get();
        Map<String, String> theirs = new LinkedHashMap<>(ours.getMetadata().getAnnotations());
        theirs.remove(ContentHash.ANNOTATION);
        world.client().resource(new StatefulSetBuilder(ours)
                .editMetadata().withAnnotations(theirs).endMetadata()
                .editSpec()
                    .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                    .editTemplate()
                        .editMetadata().withAnnotations(Map.of("redis.opstreelabs.in/operator", "upstream")).endMetadata()
                    .endTemplate()
                .endSpec()
                .build()).update();
        Await.until("the other operator's pods running", Duration.ofSeconds(90), () -> Optional.of(true).filter(x -> world.client().pods()
                .inNamespace(TestingOperatorWorld.NAMESPACE).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().matches("app-[0-9]+"))
                .filter(p -> "upstream".equals(p.getMetadata().getAnnotations().get("redis.opstreelabs.in/operator")))
                .filter(p -> p.getStatus() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .count() == 3));
        Set<String> adopted = PodAvailabilityWatch.uids(world, "app");

        try (PodAvailabilityWatch watch = new PodAvailabilityWatch(world, Map.of("app", 3))) {
            world.startOperator();
            Await.until("every pod on our template and the replication Ready", Duration.ofSeconds(120), () -> {
                Set<String> now = new HashSet<>(PodAvailabilityWatch.uids(world, "app"));
                return now.size() == 3 && now.stream().noneMatch(adopted::contains)
                        && ImageChangeRollsTheSentinelGroupIT.upToDateAndReady(world.get(RedisReplication.class, "app")) ? Optional.of(true) : Optional.empty();
            });
            assertThat(watch.fewestReady("app")).as("data pods ready at the worst moment").isGreaterThanOrEqualTo(2);
        }
        assertThat(claimUids()).as("the same PVCs").isEqualTo(claims);
        assertThat(world.client().apps().statefulSets().inNamespace(TestingOperatorWorld.NAMESPACE).withName("app").get()
                .getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        try (Jedis master = world.connect(world.get(RedisReplication.class, "app").getStatus().masterNode, PASSWORD)) {
            for (int i = 0; i < KEYS; i++) {
                assertThat(master.get("k" + i)).as("key k" + i).isEqualTo("v" + i);
            }
        }
    }

    private Map<String, String> claimUids() {
        Map<String, String> uids = new LinkedHashMap<>();
        world.client().persistentVolumeClaims().inNamespace(TestingOperatorWorld.NAMESPACE).list().getItems()
                .forEach(claim -> uids.put(claim.getMetadata().getName(), claim.getMetadata().getUid()));
        return uids;
    }
}

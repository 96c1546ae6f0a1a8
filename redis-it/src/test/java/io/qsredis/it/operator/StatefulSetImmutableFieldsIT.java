package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.qsredis.model.RedisReplication;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes to StatefulSet fields that Kubernetes refuses to update (the testbed's API server refuses them as a real one
 * does): the operator recreates the StatefulSet keeping its pods and PVCs, expands the PVCs for a larger storage
 * request, and refuses a smaller one with a condition instead of retrying forever.
 */
class StatefulSetImmutableFieldsIT {
    private static final String PASSWORD = "grow-me";
    private static final String MANIFESTS = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: app-auth
            stringData:
              password: %s
            ---
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisReplication
            metadata:
              name: app
            spec:
              clusterSize: 2
              kubernetesConfig:
                image: redis:7.0.15
                redisSecret:
                  name: app-auth
                  key: password
              storage:
                volumeClaimTemplate:
                  spec:
                    accessModes: [ReadWriteOnce]
                    resources:
                      requests:
                        storage: 1Gi
            """.formatted(PASSWORD);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLargerStorageRequestExpandsEveryClaimAndKeepsThePodsAndTheirData() {
        Set<String> pods = start();

        world.apply(MANIFESTS.replace("storage: 1Gi", "storage: 2Gi"));

        Await.until("both PVCs and the recreated StatefulSet asking for 2Gi", Duration.ofSeconds(40), () ->
                Optional.of(true).filter(x -> claimRequest("app-app-0").equals(new Quantity("2Gi"))
                        && claimRequest("app-app-1").equals(new Quantity("2Gi")) && templateRequest().map(new Quantity("2Gi")::equals).orElse(false)));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(30));
        assertThat(PodAvailabilityWatch.uids(world, "app")).as("the same pods, never restarted").isEqualTo(pods);
        assertThat(world.eventCounts()).containsKey("StatefulSetRecreated");
        try (Jedis master = world.connect(world.get(RedisReplication.class, "app").getStatus().masterNode, PASSWORD)) {
            assertThat(master.get("kept")).isEqualTo("yes");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSmallerStorageRequestIsRefusedWithAConditionAndChangesNothing() {
        Set<String> pods = start();

        world.apply(MANIFESTS.replace("storage: 1Gi", "storage: 512Mi"));

        Await.until("Degraded naming the refused shrink", Duration.ofSeconds(30), () -> Optional.ofNullable(world.get(RedisReplication.class, "app"))
                .flatMap(cr -> cr.getStatus().conditions.stream()
                        .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus()) && "StatefulSetUpdateRefused".equals(c.getReason()))
                        .findFirst()));
        assertThat(world.eventCounts()).containsKey("StorageShrinkRefused");
        assertThat(templateRequest()).contains(new Quantity("1Gi"));
        assertThat(claimRequest("app-app-0")).isEqualTo(new Quantity("1Gi"));
        assertThat(PodAvailabilityWatch.uids(world, "app")).isEqualTo(pods);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anotherPodManagementPolicyRecreatesTheStatefulSetAroundTheRunningPods() {
        Set<String> pods = start();
        String uid = statefulSet().getMetadata().getUid();

        world.apply(MANIFESTS.replace("  clusterSize: 2\n", "  clusterSize: 2\n  podManagementPolicy: Parallel\n"));

        Await.until("the StatefulSet created again with the Parallel policy", Duration.ofSeconds(40), () -> Optional.ofNullable(statefulSet())
                .filter(sts -> !uid.equals(sts.getMetadata().getUid()) && "Parallel".equals(sts.getSpec().getPodManagementPolicy())));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(30));
        assertThat(PodAvailabilityWatch.uids(world, "app")).as("the same pods, adopted by the new StatefulSet").isEqualTo(pods);
    }

    private Set<String> start() {
        world.apply(MANIFESTS);
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
        try (Jedis master = world.connect(world.get(RedisReplication.class, "app").getStatus().masterNode, PASSWORD)) {
            master.set("kept", "yes");
        }
        Set<String> pods = PodAvailabilityWatch.uids(world, "app");
        assertThat(pods).hasSize(2);
        return pods;
    }

    private StatefulSet statefulSet() {
        return world.client().apps().statefulSets().inNamespace(TestingOperatorWorld.NAMESPACE).withName("app").get();
    }

    private Optional<Quantity> templateRequest() {
        return Optional.ofNullable(statefulSet()).map(sts -> sts.getSpec().getVolumeClaimTemplates()).filter(list -> !list.isEmpty())
                .map(list -> list.get(0)).map(claim -> claim.getSpec().getResources().getRequests().get("storage"));
    }

    private Quantity claimRequest(String claim) {
        PersistentVolumeClaim live = world.client().persistentVolumeClaims().inNamespace(TestingOperatorWorld.NAMESPACE).withName(claim).get();
        return live.getSpec().getResources().getRequests().get("storage");
    }
}

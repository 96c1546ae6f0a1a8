package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.it.bench.Signals;
import io.qsredis.it.fixtures.StandaloneManifests;
import io.qsredis.model.Redis;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pod is deleted as on Kubernetes: the API server marks it (deletionTimestamp) and keeps it, Terminating and still
 * reported Ready, until the kubelet has stopped its processes, and its StatefulSet re-creates it only then. A Redis
 * that hangs on SIGTERM (here: stopped) keeps its pod Terminating for the grace period, the window in which the
 * operator must already treat it as gone.
 */
class DeletedPodTerminatesGracefullyIT {
    private static final String POD = "cache-0";

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();
    private long pid;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aDeletedPodStaysTerminatingUntilItsProcessesAreGoneAndIsThenReCreated() {
        String uid = startAndHang();
        try {
            world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, POD);

            Pod terminating = pod().orElseThrow();
            assertThat(terminating.getMetadata().getUid()).as("the same pod, kept").isEqualTo(uid);
            assertThat(terminating.getMetadata().getDeletionTimestamp()).as("marked for deletion").isNotNull();
            Pod next = Await.until(POD + " re-created", Duration.ofSeconds(40), () -> pod().filter(p -> !uid.equals(p.getMetadata().getUid())));
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the old pod's process gone before its name is reused").isEmpty();
            assertThat(next.getMetadata().getDeletionTimestamp()).isNull();
        } finally {
            Signals.resume(pid);
        }
        world.awaitReady(Redis.class, "cache", Duration.ofSeconds(30));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aPodBeingDeletedLeavesItsServicesAtOnce() {
        String uid = startAndHang();
        assertThat(world.serviceEndpoints("cache")).as("the Service sends clients to " + POD).hasSize(1);
        try {
            world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, POD);

            Await.until("no Service endpoint at " + POD, Duration.ofSeconds(10), () -> world.serviceEndpoints("cache").isEmpty());
            Pod terminating = pod().orElseThrow();
            assertThat(terminating.getMetadata().getUid()).as("while its pod is still there, Terminating").isEqualTo(uid);
            assertThat(terminating.getStatus().getConditions()).as("and still reported Ready by the kubelet")
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        } finally {
            Signals.resume(pid);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aRedisWhosePodIsBeingDeletedIsNotReady() {
        String uid = startAndHang();
        try {
            world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, POD);

            Redis waiting = Await.until("the Redis not Ready, naming the deletion", Duration.ofSeconds(20), () -> Optional.ofNullable(world.get(Redis.class, "cache"))
                    .filter(cr -> cr.getStatus().conditions.stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus()) && c.getMessage().contains("being deleted"))));
            assertThat(pod().map(p -> p.getMetadata().getUid())).as("while its pod is still there, Terminating").contains(uid);
            assertThat(waiting.getStatus().state).isNotEqualTo("Ready");
        } finally {
            Signals.resume(pid);
        }
        world.awaitReady(Redis.class, "cache", Duration.ofSeconds(40));
    }

    /** A Ready Redis whose process is then stopped, so that SIGTERM does not end it before its grace period does. */
    private String startAndHang() {
        world.apply(StandaloneManifests.cache());
        world.awaitReady(Redis.class, "cache", Duration.ofSeconds(30));
        pid = world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, POD).orElseThrow();
        Signals.stop(pid);
        return pod().orElseThrow().getMetadata().getUid();
    }

    private Optional<Pod> pod() {
        return Optional.ofNullable(world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).withName(POD).get());
    }
}

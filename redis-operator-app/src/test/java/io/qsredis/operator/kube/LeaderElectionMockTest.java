package io.qsredis.operator.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.operator.TestingApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.qsredis.operator.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

class LeaderElectionMockTest {
    private static final LeaderElection.Timings FAST = new LeaderElection.Timings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200));

    private final TestingApiServer api = new TestingApiServer();

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void onlyOneOfTwoProcessesLeadsAndTheOtherTakesOverWhenItReleasesTheLease() throws Exception {
        AtomicInteger leading = new AtomicInteger();
        AtomicInteger aLeads = new AtomicInteger();
        AtomicInteger bLeads = new AtomicInteger();
        KubernetesClient clientB = api.newClient();
        LeaderElection a = LeaderElection.campaign(api.client(), "ops", "qs-redis-operator", "a", FAST,
                () -> { leading.incrementAndGet(); aLeads.incrementAndGet(); }, leading::decrementAndGet);
        await(() -> aLeads.get() == 1);
        LeaderElection b = LeaderElection.campaign(clientB, "ops", "qs-redis-operator", "b", FAST,
                () -> { leading.incrementAndGet(); bLeads.incrementAndGet(); }, leading::decrementAndGet);
        Thread.sleep(1_000);
        assertThat(bLeads).hasValue(0);
        assertThat(leading).hasValue(1);

        a.close();
        await(() -> bLeads.get() == 1);
        assertThat(leading).hasValue(1);
        assertThat(api.client().leases().inNamespace("ops").withName("qs-redis-operator").get().getSpec().getHolderIdentity()).isEqualTo("b");
        b.close();
        clientB.close();
    }
}

package io.qsredis.operator.replication;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.sentinel.ObservedSentinel;
import io.qsredis.topology.sentinel.SentinelMasterView;
import io.qsredis.topology.sentinel.SentinelMonitor;
import io.qsredis.topology.sentinel.SentinelStep;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SentinelDecisionTest {
    private static final Endpoint MASTER = new Endpoint("10.0.0.10", 6379);

    private static Endpoint sentinel(int n) {
        return new Endpoint("10.0.1." + n, 26379);
    }

    private static ObservedSentinel monitoring(int n, String flags) {
        return ObservedSentinel.builder()
                .endpoint(sentinel(n))
                .master(SentinelMasterView.builder().name("mymaster").address(MASTER).flags(Set.of(flags.split(","))).quorum(2)
                        .downAfterMillis(5000).failoverTimeoutMillis(10000).parallelSyncs(1).configEpoch(1).replicas(2).otherSentinels(2).build())
                .build();
    }

    private static ObservedSentinel idle(int n) {
        return ObservedSentinel.builder().endpoint(sentinel(n)).build();
    }

    private static SentinelMonitor desired(String password) {
        return new SentinelSettings("mymaster", 2, 5000, 10000, 1).withMaster(MASTER, Optional.empty(), Optional.ofNullable(password));
    }

    private static List<ObservedSentinel> healthyGroup() {
        return List.of(monitoring(1, "master"), monitoring(2, "master"), monitoring(3, "master"));
    }

    @Test
    void asksOneSentinelOfTheMajorityToFailOverAtOnceWhenTheMastersContainerDied() {
        SentinelDecision decision = SentinelDecision.decide(healthyGroup(), desired("pw"), Set.of(MASTER), Set.of(), true, false);

        assertThat(decision.failover()).isTrue();
        assertThat(decision.steps()).containsExactly(new SentinelStep.Failover(sentinel(1), "mymaster"));
    }

    @Test
    void doesNotAskAgainWhileAFailoverIsUnderWay() {
        List<ObservedSentinel> failingOver = List.of(monitoring(1, "master,failover_in_progress"), monitoring(2, "master"), monitoring(3, "master"));

        SentinelDecision decision = SentinelDecision.decide(failingOver, desired("pw"), Set.of(MASTER), Set.of(), true, false);

        assertThat(decision.failover()).isFalse();
        assertThat(decision.steps()).isEmpty();
    }

    @Test
    void aFreshGroupMonitorsTheMasterWithItsPassword() {
        SentinelDecision decision = SentinelDecision.decide(List.of(idle(1), idle(2), idle(3)), desired("pw"), Set.of(), Set.of(), true, false);

        assertThat(decision.steps()).hasSize(3).allSatisfy(step -> assertThat(step).isInstanceOfSatisfying(SentinelStep.Monitor.class,
                monitor -> assertThat(monitor.monitor().authPass()).hasValue("pw")));
    }

    @Test
    void givesTheSentinelsANewPasswordOnlyOnceTheMasterAcceptsIt() {
        SentinelDecision waiting = SentinelDecision.decide(healthyGroup(), desired("new"), Set.of(), Set.of(sentinel(2)), false, false);
        assertThat(waiting.steps()).isEmpty();
        assertThat(waiting.authPassPending()).isTrue();
        assertThat(waiting.converged()).isFalse();

        SentinelDecision accepted = SentinelDecision.decide(healthyGroup(), desired("new"), Set.of(), Set.of(sentinel(2)), true, false);
        assertThat(accepted.steps()).containsExactly(new SentinelStep.Set(sentinel(2), "mymaster", "auth-pass", "new"));
    }

    @Test
    void givesTheMasterPasswordToOneSentinelAPassSoThatNeverAQuorumReconnectsAtOnce() {
        Set<Endpoint> allStale = Set.of(sentinel(1), sentinel(2), sentinel(3));

        SentinelDecision first = SentinelDecision.decide(healthyGroup(), desired("pw"), Set.of(), allStale, true, false);
        assertThat(first.steps()).containsExactly(new SentinelStep.Set(sentinel(1), "mymaster", "auth-pass", "pw"));
        assertThat(first.authPassPending()).isTrue();

        SentinelDecision second = SentinelDecision.decide(healthyGroup(), desired("pw"), Set.of(), Set.of(sentinel(2), sentinel(3)), true, false);
        assertThat(second.steps()).containsExactly(new SentinelStep.Set(sentinel(2), "mymaster", "auth-pass", "pw"));
    }

    @Test
    void holdsTheMasterPasswordBackWhileASentinelSeesTheMasterDown() {
        List<ObservedSentinel> oneSeesItDown = List.of(monitoring(1, "master,s_down"), monitoring(2, "master"), monitoring(3, "master"));

        SentinelDecision decision = SentinelDecision.decide(oneSeesItDown, desired("pw"), Set.of(), Set.of(sentinel(2)), true, false);

        assertThat(decision.steps()).isEmpty();
        assertThat(decision.authPassPending()).isTrue();
        assertThat(decision.converged()).isFalse();
    }

    @Test
    void aHealthyGroupWithItsPasswordNeedsNothing() {
        SentinelDecision decision = SentinelDecision.decide(healthyGroup(), desired("pw"), Set.of(), Set.of(), true, false);

        assertThat(decision.steps()).isEmpty();
        assertThat(decision.converged()).isTrue();
    }
}

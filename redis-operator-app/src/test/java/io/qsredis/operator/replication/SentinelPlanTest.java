package io.qsredis.operator.replication;

import io.qsredis.operator.reconcile.ObservedPod;
import io.qsredis.operator.replication.SentinelPlan.Configure;
import io.qsredis.operator.replication.SentinelPlan.Failover;
import io.qsredis.operator.replication.SentinelPlan.Monitor;
import io.qsredis.operator.replication.SentinelPlan.Plan;
import io.qsredis.operator.replication.SentinelPlan.Reason;
import io.qsredis.operator.replication.SentinelPlan.Reset;
import io.qsredis.operator.replication.SentinelPlan.SentinelNode;
import io.qsredis.operator.replication.SentinelPlan.Settings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SentinelPlanTest {
    private static final Settings SETTINGS = new Settings("mymaster", 2, 5000, 10000, 1, Optional.of("pw"), true);

    private static ObservedPod pod(int ordinal) {
        return new ObservedPod("s-" + ordinal, "uid-" + ordinal, ordinal, Optional.of("10.0.1." + ordinal), true, 0, true, Optional.empty(), false);
    }

    private static SentinelNode monitoring(int ordinal, String ip, String flags, int otherSentinels) {
        Map<String, String> group = new HashMap<>(Map.of("ip", ip, "port", "6379", "flags", flags, "quorum", "2",
                "down-after-milliseconds", "5000", "failover-timeout", "10000", "parallel-syncs", "1",
                "num-other-sentinels", Integer.toString(otherSentinels)));
        return new SentinelNode(pod(ordinal), true, Optional.of(group), true);
    }

    private static SentinelNode idle(int ordinal) {
        return new SentinelNode(pod(ordinal), true, Optional.empty(), false);
    }

    private static List<String> steps(Plan plan) {
        return plan.steps().stream().map(step -> {
            String name = step.sentinel().pod().name();
            if (step instanceof Monitor m) {
                return name + " monitor " + m.ip() + ":" + m.port() + " quorum " + m.quorum();
            }
            if (step instanceof Configure c) {
                return name + " set " + c.values().keySet();
            }
            return name + " " + step.getClass().getSimpleName().toLowerCase();
        }).toList();
    }

    @Test
    void aFreshGroupMonitorsTheMasterTheOperatorObservedWithEverySettingAndThePassword() {
        Plan plan = SentinelPlan.plan(List.of(idle(0), idle(1), idle(2)), 3, SETTINGS, Optional.of("10.0.0.10:6379"), Set.of());

        assertThat(plan.target()).hasValue("10.0.0.10:6379");
        assertThat(plan.majority()).isFalse();
        assertThat(steps(plan)).containsExactly(
                "s-0 monitor 10.0.0.10:6379 quorum 2", "s-0 set [down-after-milliseconds, failover-timeout, parallel-syncs, quorum, auth-pass]",
                "s-1 monitor 10.0.0.10:6379 quorum 2", "s-1 set [down-after-milliseconds, failover-timeout, parallel-syncs, quorum, auth-pass]",
                "s-2 monitor 10.0.0.10:6379 quorum 2", "s-2 set [down-after-milliseconds, failover-timeout, parallel-syncs, quorum, auth-pass]");
    }

    @Test
    void neverOverrulesTheMajorityAndRepointsOnlyTheMinority() {
        Plan plan = SentinelPlan.plan(List.of(monitoring(0, "10.0.0.11", "master", 2), monitoring(1, "10.0.0.11", "master", 2),
                monitoring(2, "10.0.0.10", "master", 2)), 3, SETTINGS, Optional.of("10.0.0.10:6379"), Set.of());

        assertThat(plan.target()).hasValue("10.0.0.11:6379");
        assertThat(steps(plan)).containsExactly("s-2 remove", "s-2 monitor 10.0.0.11:6379 quorum 2",
                "s-2 set [down-after-milliseconds, failover-timeout, parallel-syncs, quorum, auth-pass]");
    }

    @Test
    void asksForAFailoverAtOnceWhenTheMastersContainerDiedAndDoesNothingElse() {
        Plan plan = SentinelPlan.plan(List.of(monitoring(0, "10.0.0.10", "master", 2), monitoring(1, "10.0.0.10", "master", 2), idle(2)),
                3, SETTINGS, Optional.empty(), Set.of("10.0.0.10:6379"));

        assertThat(plan.reason()).isEqualTo(Reason.FAILOVER_STARTED);
        assertThat(plan.steps()).singleElement().isInstanceOf(Failover.class);
    }

    @Test
    void touchesNothingWhileAFailoverIsInProgress() {
        Plan plan = SentinelPlan.plan(List.of(monitoring(0, "10.0.0.10", "master,failover_in_progress", 2), idle(1), idle(2)),
                3, SETTINGS, Optional.of("10.0.0.11:6379"), Set.of("10.0.0.10:6379"));

        assertThat(plan.reason()).isEqualTo(Reason.FAILOVER_IN_PROGRESS);
        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void setsOnlyTheSettingsThatDifferAndANewPassword() {
        SentinelNode stale = new SentinelNode(pod(1), true, monitoring(1, "10.0.0.10", "master", 2).group(), false);
        Settings faster = new Settings("mymaster", 2, 1000, 10000, 1, Optional.of("new"), true);
        Plan plan = SentinelPlan.plan(List.of(monitoring(0, "10.0.0.10", "master", 2), stale, monitoring(2, "10.0.0.10", "master", 2)),
                3, faster, Optional.empty(), Set.of());

        assertThat(steps(plan)).containsExactly("s-0 set [down-after-milliseconds]", "s-1 set [down-after-milliseconds, auth-pass]",
                "s-2 set [down-after-milliseconds]");
        assertThat(plan.steps().get(1).toString()).doesNotContain("new");
    }

    @Test
    void tellsTheSentinelsANewPasswordOnlyOnceTheMasterAcceptsIt() {
        SentinelNode stale = new SentinelNode(pod(0), true, monitoring(0, "10.0.0.10", "master", 2).group(), false);
        Settings rotating = new Settings("mymaster", 2, 5000, 10000, 1, Optional.of("new"), false);

        Plan plan = SentinelPlan.plan(List.of(stale, monitoring(1, "10.0.0.10", "master", 2), monitoring(2, "10.0.0.10", "master", 2)),
                3, rotating, Optional.empty(), Set.of());
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.converged()).as("the password is still to be set").isFalse();

        Plan accepted = SentinelPlan.plan(List.of(stale, monitoring(1, "10.0.0.10", "master", 2), monitoring(2, "10.0.0.10", "master", 2)),
                3, new Settings("mymaster", 2, 5000, 10000, 1, Optional.of("new"), true), Optional.empty(), Set.of());
        assertThat(steps(accepted)).containsExactly("s-0 set [auth-pass]");
    }

    @Test
    void resetsOneSentinelThatKnowsMoreSentinelsThanTheGroupHasWhenNothingElseIsToDo() {
        Plan plan = SentinelPlan.plan(List.of(monitoring(0, "10.0.0.10", "master", 3), monitoring(1, "10.0.0.10", "master", 3),
                monitoring(2, "10.0.0.10", "master", 2)), 3, SETTINGS, Optional.empty(), Set.of());

        assertThat(plan.steps()).singleElement().isInstanceOf(Reset.class);
        assertThat(plan.steps().get(0).sentinel().pod().name()).isEqualTo("s-0");
    }

    @Test
    void aConvergedGroupNeedsNothing() {
        Plan plan = SentinelPlan.plan(List.of(monitoring(0, "10.0.0.10", "master", 2), monitoring(1, "10.0.0.10", "master", 2),
                monitoring(2, "10.0.0.10", "master", 2)), 3, SETTINGS, Optional.of("10.0.0.10:6379"), Set.of());

        assertThat(plan.reason()).isEqualTo(Reason.CONVERGED);
        assertThat(plan.steps()).isEmpty();
    }
}

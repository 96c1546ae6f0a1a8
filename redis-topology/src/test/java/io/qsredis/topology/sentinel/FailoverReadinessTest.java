package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.sentinel.FailoverReadiness.Lack;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.qsredis.topology.sentinel.SentinelPlannerTest.A;
import static io.qsredis.topology.sentinel.SentinelPlannerTest.B;
import static io.qsredis.topology.sentinel.SentinelPlannerTest.sentinel;
import static io.qsredis.topology.sentinel.SentinelPlannerTest.sentinelAt;
import static org.assertj.core.api.Assertions.assertThat;

class FailoverReadinessTest {
    static final Endpoint C = new Endpoint("10.0.0.3", 6379);

    /** Sentinel i monitoring A, knowing the other two Sentinels and the given replicas (up). */
    static ObservedSentinel knowing(int i, Endpoint... replicas) {
        ObservedSentinel base = sentinel(i, A);
        return ObservedSentinel.builder().from(base)
                .replicas(List.of(replicas).stream().map(r -> new SentinelPeerView(r, Set.of("slave"), 0)).toList())
                .build();
    }

    @Test
    void aGroupWhoseSentinelsKnowEveryReplicaAndEachOtherHasNoGap() {
        List<ObservedSentinel> group = List.of(knowing(1, B, C), knowing(2, B, C), knowing(3, B, C));

        assertThat(FailoverReadiness.gaps(group, A, List.of(B, C))).isEmpty();
    }

    @Test
    void aSentinelThatDoesNotKnowAReplicaYetIsAGapNamingTheReplica() {
        List<ObservedSentinel> group = List.of(knowing(1, B, C), knowing(2, B), knowing(3, B, C));

        assertThat(FailoverReadiness.gaps(group, A, List.of(B, C))).singleElement().satisfies(gap -> {
            assertThat(gap.sentinel()).isEqualTo(sentinelAt(2));
            assertThat(gap.lack()).isEqualTo(Lack.MISSING_REPLICAS);
            assertThat(gap.missingReplicas()).containsExactly(C);
        });
    }

    @Test
    void aReplicaKnownOnlyAtAnOldAddressOrAsDownIsMissing() {
        ObservedSentinel stale = ObservedSentinel.builder().from(sentinel(1, A))
                .replicas(List.of(new SentinelPeerView(new Endpoint("10.0.0.9", 6379), Set.of("slave"), 0),
                        new SentinelPeerView(B, Set.of("slave", "s_down"), 0)))
                .build();

        assertThat(FailoverReadiness.gaps(List.of(stale), A, List.of(B, C))).singleElement()
                .satisfies(gap -> assertThat(gap.missingReplicas()).containsExactly(B, C));
    }

    @Test
    void aSentinelThatKnowsTooFewOtherSentinelsIsAGap() {
        ObservedSentinel lonely = ObservedSentinel.builder().from(knowing(1, B)).sentinels(List.of()).build();

        assertThat(FailoverReadiness.gaps(List.of(lonely, knowing(2, B), knowing(3, B)), A, List.of(B))).singleElement().satisfies(gap -> {
            assertThat(gap.lack()).isEqualTo(Lack.MISSING_SENTINELS);
            assertThat(gap.knownSentinels()).isZero();
            assertThat(gap.otherSentinels()).isEqualTo(2);
        });
    }

    @Test
    void anUnreachableSentinelAndOneMonitoringAnotherMasterAreGaps() {
        List<ObservedSentinel> group = List.of(ObservedSentinel.unreachable(sentinelAt(1)), sentinel(2, B), knowing(3, B));

        assertThat(FailoverReadiness.gaps(group, A, List.of(B))).extracting(FailoverReadiness.Gap::lack)
                .containsExactly(Lack.UNREACHABLE, Lack.NOT_MONITORING);
    }
}

package io.qsredis.operator.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void doublesFromTheBaseUntilTheCap() {
        assertThat(IntStream.rangeClosed(1, 9).mapToObj(backoff::delayAfter).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
    }

    @Test
    void neverOverflowsPastTheCapAfterManyFailures() {
        Backoff longCap = new Backoff(Duration.ofMillis(1), Duration.ofDays(365 * 100));
        assertThat(longCap.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365 * 100));
    }

    @Test
    void rejectsACapBelowTheBase() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

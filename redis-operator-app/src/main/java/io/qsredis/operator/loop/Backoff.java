package io.qsredis.operator.loop;

import java.time.Duration;

/**
 * Capped exponential backoff: the n-th consecutive failure waits {@code base * 2^(n-1)}, never more than {@code cap}.
 *
 * @param base delay after the first failure
 * @param cap longest delay
 */
public record Backoff(Duration base, Duration cap) {
    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base=" + base + " cap=" + cap);
        }
    }

    public Duration delayAfter(int consecutiveFailures) {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be >= 1");
        }
        long capNanos = cap.toNanos();
        long delay = base.toNanos();
        for (int n = 1; n < consecutiveFailures && delay < capNanos; n++) {
            delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
        }
        return Duration.ofNanos(Math.min(delay, capNanos));
    }
}

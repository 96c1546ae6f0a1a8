package io.qsredis.operator.loop;

import java.time.Duration;
import java.util.Optional;

/** What a successful pass over one key asks of the queue: nothing more, or another pass after a delay. */
public record Outcome(Optional<Duration> requeueAfter) {
    private static final Outcome DONE = new Outcome(Optional.empty());

    /** Converged; the next pass comes from a change or the periodic resync. */
    public static Outcome done() {
        return DONE;
    }

    /** Not converged yet (waiting for pods, for a sync, for Sentinel): look again after {@code delay}. */
    public static Outcome requeueAfter(Duration delay) {
        return new Outcome(Optional.of(delay));
    }
}

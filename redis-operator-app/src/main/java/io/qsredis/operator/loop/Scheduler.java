package io.qsredis.operator.loop;

import java.time.Duration;

/** Runs a task later; a seam so that tests can drive delayed work by hand instead of waiting for a clock. */
public interface Scheduler {
    void schedule(Duration delay, Runnable task);

    /** Monotonic time in nanoseconds, on the same clock that {@link #schedule} counts delays on. */
    long nanoTime();
}

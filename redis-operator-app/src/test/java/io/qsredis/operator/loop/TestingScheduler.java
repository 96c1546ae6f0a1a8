package io.qsredis.operator.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Scheduler} on a hand-driven clock: tasks run only when a test advances time past them. */
final class TestingScheduler implements Scheduler {
    private record Pending(long due, long order, Duration delay, Runnable task) {}

    private final List<Pending> pending = new ArrayList<>();
    private final List<Duration> requested = new ArrayList<>();
    private long now;
    private long order;

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        requested.add(delay);
        pending.add(new Pending(now + delay.toNanos(), order++, delay, task));
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Every delay asked for so far, in order. */
    synchronized List<Duration> requestedDelays() {
        return List.copyOf(requested);
    }

    /** Moves the clock forward and runs, in due order, every task that became due. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Pending next;
            synchronized (this) {
                next = pending.stream()
                        .filter(p -> p.due() <= target)
                        .min(Comparator.comparingLong(Pending::due).thenComparingLong(Pending::order))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                pending.remove(next);
                now = Math.max(now, next.due());
            }
            next.task().run();
        }
    }
}

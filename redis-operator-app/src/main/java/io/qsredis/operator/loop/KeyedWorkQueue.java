package io.qsredis.operator.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A keyed work queue in the manner of client-go's.
 *
 * <p>Invariants: a key waiting to run is queued once however often it is added (adds merge); a key is never handed
 * to two workers at once, and a key added while it runs is run again once that run ends, so no change is missed.
 * A failed run comes back after {@link Backoff#delayAfter} its consecutive failures; a success forgets them. Of
 * several delayed adds of one key the earliest wins. A periodic resync adds every key its supplier knows.
 */
public final class KeyedWorkQueue<K> implements AutoCloseable {

    /** Runs one key. An exception counts as a failure and is retried with backoff. */
    @FunctionalInterface
    public interface Handler<K> {
        Outcome handle(K key) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeyedWorkQueue.class);

    private final Object lock = new Object();
    private final ArrayDeque<K> ready = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    /** The due time of the earliest pending delayed add of each key. */
    private final Map<K, Long> delayedDue = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private boolean shuttingDown;

    private final String name;
    private final Handler<K> handler;
    private final Backoff backoff;
    private final Scheduler scheduler;

    public KeyedWorkQueue(String name, Handler<K> handler, Backoff backoff, Scheduler scheduler) {
        this.name = name;
        this.handler = handler;
        this.backoff = backoff;
        this.scheduler = scheduler;
    }

    /** Starts {@code count} worker threads. */
    public void start(int count) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                Thread worker = new Thread(this::work, name + "-worker-" + i);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
        }
    }

    /** Adds every key of {@code keys} now and again every {@code period}, until the queue is closed. */
    public void resyncEvery(Duration period, Supplier<? extends Collection<K>> keys) {
        scheduler.schedule(period, () -> {
            if (isShuttingDown()) {
                return;
            }
            keys.get().forEach(this::add);
            resyncEvery(period, keys);
        });
    }

    /** Queues {@code key} to run as soon as a worker is free; merges with a pending add of the same key. */
    public void add(K key) {
        synchronized (lock) {
            if (shuttingDown || !dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                ready.addLast(key);
                lock.notify();
            }
        }
    }

    /** Queues {@code key} after {@code delay}, unless an earlier delayed add of it is pending already. */
    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        long due = scheduler.nanoTime() + delay.toNanos();
        synchronized (lock) {
            if (shuttingDown) {
                return;
            }
            Long pending = delayedDue.get(key);
            if (pending != null && pending - due <= 0) {
                return;
            }
            delayedDue.put(key, due);
        }
        scheduler.schedule(delay, () -> {
            synchronized (lock) {
                if (!Long.valueOf(due).equals(delayedDue.get(key))) {
                    return;
                }
                delayedDue.remove(key);
            }
            add(key);
        });
    }

    /** Number of keys waiting to run (not counting delayed adds); for the metrics endpoint. */
    public int depth() {
        synchronized (lock) {
            return ready.size();
        }
    }

    /** True when no key is waiting or running; delayed adds do not count. */
    public boolean isIdle() {
        synchronized (lock) {
            return ready.isEmpty() && processing.isEmpty();
        }
    }

    private boolean isShuttingDown() {
        synchronized (lock) {
            return shuttingDown;
        }
    }

    private K take() throws InterruptedException {
        synchronized (lock) {
            while (ready.isEmpty() && !shuttingDown) {
                lock.wait();
            }
            if (shuttingDown) {
                return null;
            }
            K key = ready.removeFirst();
            dirty.remove(key);
            processing.add(key);
            return key;
        }
    }

    private void done(K key) {
        synchronized (lock) {
            processing.remove(key);
            if (dirty.contains(key) && !shuttingDown) {
                ready.addLast(key);
                lock.notify();
            }
        }
    }

    private void work() {
        while (true) {
            K key;
            try {
                key = take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (key == null) {
                return;
            }
            try {
                Outcome outcome = handler.handle(key);
                synchronized (lock) {
                    failures.remove(key);
                }
                outcome.requeueAfter().ifPresent(delay -> addAfter(key, delay));
            } catch (Exception e) {
                int count;
                synchronized (lock) {
                    count = failures.merge(key, 1, Integer::sum);
                }
                Duration delay = backoff.delayAfter(count);
                LOG.warn("queue={} key={} failures={} retryIn={} error={}", name, key, count, delay, String.valueOf(e));
                LOG.debug("queue={} key={} failure stack", name, key, e);
                addAfter(key, delay);
            } finally {
                done(key);
            }
        }
    }

    /** Stops handing out keys, lets running keys finish for up to {@code grace}, and returns whether they did. */
    public boolean shutdown(Duration grace) {
        List<Thread> toJoin;
        synchronized (lock) {
            shuttingDown = true;
            ready.clear();
            dirty.clear();
            lock.notifyAll();
            toJoin = List.copyOf(workers);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        boolean finished = true;
        for (Thread worker : toJoin) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(worker, Math.max(1, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            finished &= !worker.isAlive();
        }
        return finished;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}

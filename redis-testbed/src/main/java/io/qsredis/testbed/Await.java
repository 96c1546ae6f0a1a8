package io.qsredis.testbed;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling with a deadline, for tests and benchmarks that drive the testbed from outside. Nothing in the
 * testbed or the operator waits this way.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {}

    /**
     * The first value {@code probe} offers within {@code timeout}.
     *
     * @throws IllegalStateException naming {@code what} when the time is up
     */
    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Returns once {@code condition} holds, within {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }
}

package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;
import org.immutables.value.Value;

import java.util.Optional;

/**
 * The settings of a monitored group, as {@code SENTINEL MONITOR} and {@code SENTINEL SET} take them. The
 * password sentinels use to reach the nodes is redacted from {@link #toString()}.
 */
@Value.Immutable
public abstract class SentinelMonitor {

    public abstract String masterName();

    public abstract Endpoint master();

    public abstract int quorum();

    @Value.Default
    public long downAfterMillis() {
        return 5000;
    }

    @Value.Default
    public long failoverTimeoutMillis() {
        return 10000;
    }

    @Value.Default
    public int parallelSyncs() {
        return 1;
    }

    public abstract Optional<String> authUser();

    @Value.Redacted
    public abstract Optional<String> authPass();

    public static ImmutableSentinelMonitor.Builder builder() {
        return ImmutableSentinelMonitor.builder();
    }
}

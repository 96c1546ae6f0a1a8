package io.qsredis.topology.replication;

import io.qsredis.topology.Endpoint;
import org.immutables.value.Value;

import java.util.Collection;
import java.util.Optional;

/**
 * One data node of a replication group as observed: its {@code INFO replication} and how many keys it
 * holds ({@code DBSIZE}), or that it could not be reached. {@link #endpoint()} must be written the way the
 * sentinels and the other nodes write it (the announced address).
 */
@Value.Immutable
public abstract class ObservedRedis {

    public abstract Endpoint endpoint();

    public abstract Optional<ReplicationInfo> replication();

    @Value.Default
    public long keys() {
        return 0;
    }

    public static ImmutableObservedRedis.Builder builder() {
        return ImmutableObservedRedis.builder();
    }

    public static ObservedRedis unreachable(Endpoint endpoint) {
        return builder().endpoint(endpoint).build();
    }

    public boolean reachable() {
        return replication().isPresent();
    }

    /** Replicates one of {@code nodes} (configured so; the link may be down). */
    public boolean follows(Collection<ObservedRedis> nodes) {
        return nodes.stream().anyMatch(n -> n != this && follows(n.endpoint()));
    }

    /** Replicates {@code master} (configured so; the link may be down). */
    public boolean follows(Endpoint master) {
        return replication()
                .filter(r -> !r.isMaster())
                .map(r -> r.masterHost().map(master.host()::equals).orElse(false) && r.masterPort().map(p -> p == master.port()).orElse(false))
                .orElse(false);
    }
}

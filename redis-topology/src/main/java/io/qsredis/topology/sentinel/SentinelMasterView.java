package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;
import org.immutables.value.Value;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One sentinel's {@code SENTINEL MASTER <name>}: where it believes the master is, and the group's settings. */
@Value.Immutable
public abstract class SentinelMasterView {

    public abstract String name();

    public abstract Endpoint address();

    /** {@code master}, {@code s_down}, {@code o_down}, {@code failover_in_progress}, {@code disconnected}... */
    public abstract Set<String> flags();

    public abstract int quorum();

    public abstract long downAfterMillis();

    public abstract long failoverTimeoutMillis();

    public abstract int parallelSyncs();

    public abstract long configEpoch();

    public abstract int replicas();

    public abstract int otherSentinels();

    public static ImmutableSentinelMasterView.Builder builder() {
        return ImmutableSentinelMasterView.builder();
    }

    /** Down in this sentinel's eyes, alone or by agreement, or being failed over. */
    public boolean masterDown() {
        return flags().contains("s_down") || flags().contains("o_down");
    }

    public boolean failoverInProgress() {
        return flags().stream().anyMatch(f -> f.startsWith("failover_"));
    }

    /** From the field/value pairs of the reply (Jedis {@code sentinelMaster(name)}). */
    public static SentinelMasterView parse(Map<String, String> fields) {
        return builder()
                .name(SentinelReplies.required(fields, "name"))
                .address(new Endpoint(SentinelReplies.required(fields, "ip"), Integer.parseInt(SentinelReplies.required(fields, "port"))))
                .flags(flags(fields.getOrDefault("flags", "")))
                .quorum(Integer.parseInt(SentinelReplies.required(fields, "quorum")))
                .downAfterMillis(Long.parseLong(fields.getOrDefault("down-after-milliseconds", "30000")))
                .failoverTimeoutMillis(Long.parseLong(fields.getOrDefault("failover-timeout", "180000")))
                .parallelSyncs(Integer.parseInt(fields.getOrDefault("parallel-syncs", "1")))
                .configEpoch(Long.parseLong(fields.getOrDefault("config-epoch", "0")))
                .replicas(Integer.parseInt(fields.getOrDefault("num-slaves", "0")))
                .otherSentinels(Integer.parseInt(fields.getOrDefault("num-other-sentinels", "0")))
                .build();
    }

    static Set<String> flags(String flags) {
        return Arrays.stream(flags.split(",")).map(String::trim).filter(f -> !f.isEmpty()).collect(Collectors.toSet());
    }
}

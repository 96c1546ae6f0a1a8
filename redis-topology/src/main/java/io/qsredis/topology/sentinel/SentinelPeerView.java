package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;

import java.util.Map;
import java.util.Set;

/**
 * An entry of {@code SENTINEL REPLICAS} or {@code SENTINEL SENTINELS}: a node the sentinel knows, and its
 * flags ({@code slave}/{@code sentinel}, {@code s_down}, {@code disconnected}). For a replica,
 * {@code offset} is {@code slave-repl-offset}; for a sentinel it is 0.
 */
public record SentinelPeerView(Endpoint address, Set<String> flags, long offset) {

    public boolean down() {
        return flags.contains("s_down") || flags.contains("o_down") || flags.contains("disconnected");
    }

    public static SentinelPeerView parse(Map<String, String> fields) {
        return new SentinelPeerView(
                new Endpoint(SentinelReplies.required(fields, "ip"), Integer.parseInt(SentinelReplies.required(fields, "port"))),
                SentinelMasterView.flags(fields.getOrDefault("flags", "")),
                Long.parseLong(fields.getOrDefault("slave-repl-offset", "0")));
    }
}

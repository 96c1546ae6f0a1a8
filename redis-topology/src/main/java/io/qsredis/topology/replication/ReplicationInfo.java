package io.qsredis.topology.replication;

import org.immutables.value.Value;

import java.util.List;
import java.util.Optional;

/** The {@code INFO replication} section of one node. */
@Value.Immutable
public abstract class ReplicationInfo {

    public enum Role {
        MASTER,
        REPLICA
    }

    /** A replica as its master lists it ({@code slaveN:ip=...,port=...,state=...,offset=...,lag=...}). */
    public record ConnectedReplica(String ip, int port, String state, long offset, long lag) {}

    public abstract Role role();

    /** For a replica: the master it follows. */
    public abstract Optional<String> masterHost();

    public abstract Optional<Integer> masterPort();

    /** For a replica: {@code master_link_status:up}. */
    @Value.Default
    public boolean masterLinkUp() {
        return false;
    }

    /** For a replica: a full resynchronisation is running. */
    @Value.Default
    public boolean syncInProgress() {
        return false;
    }

    /**
     * How much of the replication stream this node holds: {@code master_repl_offset}, on a replica too (a replica
     * feeds what it applies into its own stream, so it equals {@code slave_repl_offset} while that is known; but a
     * replica without master state, one that started as a replica and never synced or is in a full sync, reports
     * {@code slave_repl_offset:1} whatever it holds).
     */
    @Value.Default
    public long offset() {
        return 0;
    }

    /** {@code slave_priority}: lower is preferred for promotion, 0 means never. */
    @Value.Default
    public int replicaPriority() {
        return 100;
    }

    public abstract Optional<String> replicationId();

    /**
     * {@code master_replid2}: the stream this node continued when it was promoted (its former master's), whose
     * history up to the promotion it holds; all zeros for a node that was never promoted from a replica.
     */
    public abstract Optional<String> previousReplicationId();

    public abstract List<ConnectedReplica> connectedReplicas();

    public static ImmutableReplicationInfo.Builder builder() {
        return ImmutableReplicationInfo.builder();
    }

    public boolean isMaster() {
        return role() == Role.MASTER;
    }

    /** Parses the text of {@code INFO replication} (or a full {@code INFO}). */
    public static ReplicationInfo parse(String info) {
        ImmutableReplicationInfo.Builder builder = builder();
        Role role = null;
        long masterOffset = 0;
        for (String raw : info.split("\r?\n")) {
            String line = raw.trim();
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.startsWith("#") || colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1);
            switch (key) {
                case "role" -> role = "master".equals(value) ? Role.MASTER : Role.REPLICA;
                case "master_host" -> builder.masterHost(value);
                case "master_port" -> builder.masterPort(Integer.parseInt(value));
                case "master_link_status" -> builder.masterLinkUp("up".equals(value));
                case "master_sync_in_progress" -> builder.syncInProgress("1".equals(value));
                case "master_repl_offset" -> masterOffset = Long.parseLong(value);
                case "slave_priority", "replica_priority" -> builder.replicaPriority(Integer.parseInt(value));
                case "master_replid" -> builder.replicationId(value);
                case "master_replid2" -> builder.previousReplicationId(value);
                default -> {
                    if (key.startsWith("slave") && key.substring(5).chars().allMatch(Character::isDigit) && key.length() > 5) {
                        builder.addConnectedReplicas(connectedReplica(value));
                    }
                }
            }
        }
        if (role == null) {
            throw new IllegalArgumentException("no role: in INFO replication");
        }
        return builder.role(role).offset(masterOffset).build();
    }

    private static ConnectedReplica connectedReplica(String value) {
        String ip = "";
        int port = 0;
        String state = "";
        long offset = 0;
        long lag = 0;
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String v = pair.substring(eq + 1);
            switch (pair.substring(0, eq)) {
                case "ip" -> ip = v;
                case "port" -> port = Integer.parseInt(v);
                case "state" -> state = v;
                case "offset" -> offset = Long.parseLong(v);
                case "lag" -> lag = Long.parseLong(v);
                default -> { }
            }
        }
        return new ConnectedReplica(ip, port, state, offset, lag);
    }
}

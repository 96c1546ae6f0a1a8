package io.qsredis.operator.replication;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of {@code INFO replication} the operator decides on.
 *
 * @param master whether the process is a master ({@code role:master})
 * @param masterHost for a replica, the master it follows
 * @param linkUp for a replica, whether its link to the master is up
 * @param offset the replication offset ({@code master_repl_offset}): how much of the stream it holds
 * @param connectedReplicas for a master, how many replicas are connected
 */
public record InfoReplication(boolean master, Optional<String> masterHost, Optional<Integer> masterPort, boolean linkUp,
        String replId, long offset, int connectedReplicas) {

    public static InfoReplication parse(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        boolean master = "master".equals(fields.get("role"));
        return new InfoReplication(
                master,
                master ? Optional.empty() : Optional.ofNullable(fields.get("master_host")),
                master ? Optional.empty() : Optional.ofNullable(fields.get("master_port")).map(Integer::parseInt),
                "up".equals(fields.get("master_link_status")),
                fields.getOrDefault("master_replid", ""),
                Long.parseLong(fields.getOrDefault("master_repl_offset", "0")),
                Integer.parseInt(fields.getOrDefault("connected_slaves", "0")));
    }

    /** Whether this replica follows {@code host:port}. */
    public boolean follows(String host, int port) {
        return !master && masterHost.filter(host::equals).isPresent() && masterPort.filter(p -> p == port).isPresent();
    }
}

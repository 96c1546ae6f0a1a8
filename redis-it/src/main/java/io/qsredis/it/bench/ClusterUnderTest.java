package io.qsredis.it.bench;

import redis.clients.jedis.HostAndPort;

import java.util.List;

/** A formed Redis Cluster of 3 masters with a replica each that a {@link ClusterFailoverTrial} disrupts. */
interface ClusterUnderTest extends AutoCloseable {
    /** The password every node requires. */
    String password();

    /** The addresses of the cluster's running nodes now (a pod that was replaced has a new one). */
    List<HostAndPort> nodes();

    /**
     * Brings {@code fault} on the node at {@code master}.
     *
     * @return what undoes it (thaws a frozen process); does nothing for a crash or a deletion
     */
    Runnable inject(Fault fault, HostAndPort master);

    /** The last lines of the log of the node at {@code node}, to show why a failover did not happen. */
    String logTail(HostAndPort node, int lines);

    /** Whether the cluster is whole again by its own account: what its operator, or its nodes, report. */
    boolean settled();

    @Override
    void close();
}

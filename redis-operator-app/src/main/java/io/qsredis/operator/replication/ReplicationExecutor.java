package io.qsredis.operator.replication;

import io.qsredis.operator.redis.NodeSession;
import io.qsredis.operator.replication.MasterChoice.PauseWrites;
import io.qsredis.operator.replication.MasterChoice.Promote;
import io.qsredis.operator.replication.MasterChoice.Replicate;
import io.qsredis.operator.replication.MasterChoice.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Carries out {@link MasterChoice} steps, in order: a write pause or the promotion first, then the re-points. */
public final class ReplicationExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationExecutor.class);

    /** How long a master that came back empty refuses writes: Sentinel's failover-timeout default. */
    static final Duration PAUSE = Duration.ofSeconds(10);

    private ReplicationExecutor() {}

    public static void execute(List<Step> steps, int port, List<Optional<String>> passwords) {
        for (Step step : steps) {
            HostAndPort endpoint = new HostAndPort(step.node().ip().orElseThrow(), port);
            try (NodeSession session = NodeSession.open(endpoint, passwords)) {
                if (step instanceof PauseWrites) {
                    session.jedis().clientPause(PAUSE.toMillis(), ClientPauseMode.WRITE);
                    LOG.info("pod={} step=pauseWrites for={}", step.node().name(), PAUSE);
                } else if (step instanceof Promote) {
                    session.jedis().replicaofNoOne();
                    disconnectClients(session);
                    LOG.info("pod={} step=promote", step.node().name());
                } else if (step instanceof Replicate replicate) {
                    String masterIp = replicate.master().ip().orElseThrow();
                    session.jedis().replicaof(masterIp, port);
                    disconnectClients(session);
                    LOG.info("pod={} step=replicate master={} address={}:{}", step.node().name(), replicate.master().name(), masterIp, port);
                }
            }
        }
    }

    /**
     * As Sentinel does after it changes a server's role: clients are disconnected, so that they ask Sentinel again
     * where the master is, instead of writing on to a replica (pooled connections would keep getting READONLY) —
     * and writes that a pause held back are dropped with their connections, never taken and lost. Then the pause ends.
     */
    private static void disconnectClients(NodeSession session) {
        session.jedis().clientKill(new ClientKillParams().type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES));
        session.jedis().clientUnpause();
    }

    /**
     * Moves servers that still run an older password to the desired one: masterauth everywhere first (links in place
     * keep working and the next one authenticates with the new password), then requirepass, the master last.
     */
    public static void rotatePasswords(List<ServerNode> nodes, int port, List<Optional<String>> passwords, Optional<String> desired) {
        List<ServerNode> reachable = nodes.stream().filter(ServerNode::reachable).toList();
        for (ServerNode node : reachable) {
            try (NodeSession session = NodeSession.open(new HostAndPort(node.ip().orElseThrow(), port), passwords)) {
                session.jedis().configSet("masterauth", desired.orElse(""));
            }
        }
        List<ServerNode> replicasFirst = reachable.stream().sorted((a, b) -> Boolean.compare(a.isMaster(), b.isMaster())).toList();
        for (ServerNode node : replicasFirst) {
            try (NodeSession session = NodeSession.open(new HostAndPort(node.ip().orElseThrow(), port), passwords)) {
                if (!session.acceptedDesired()) {
                    session.jedis().configSet("requirepass", desired.orElse(""));
                }
            }
        }
    }
}

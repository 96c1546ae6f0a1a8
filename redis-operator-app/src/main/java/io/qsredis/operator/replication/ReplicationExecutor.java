package io.qsredis.operator.replication;

import io.qsredis.operator.redis.NodeSession;
import io.qsredis.operator.replication.ReplicationDecision.Action;
import io.qsredis.operator.replication.ReplicationDecision.PauseWrites;
import io.qsredis.operator.replication.ReplicationDecision.Planned;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ReplicationStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ClientKillParams;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Carries out a {@link ReplicationDecision}, in order: a write pause or the promotion first, then the re-points. */
public final class ReplicationExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationExecutor.class);

    /** How long a master that came back empty refuses writes: Sentinel's failover-timeout default. */
    static final Duration PAUSE = Duration.ofSeconds(10);

    private ReplicationExecutor() {}

    /**
     * @param serverPasswords candidates for the servers
     * @param sentinelPasswords candidates for the Sentinels (asked to fail over)
     */
    public static void execute(List<Action> actions, List<Optional<String>> serverPasswords, List<Optional<String>> sentinelPasswords) {
        for (Action action : actions) {
            if (action instanceof PauseWrites pause) {
                try (NodeSession session = NodeSession.open(address(pause.node().endpoint()), serverPasswords)) {
                    session.jedis().clientPause(PAUSE.toMillis(), ClientPauseMode.WRITE);
                }
                LOG.info("pod={} step=pauseWrites for={}", pause.node().name(), PAUSE);
            } else if (action instanceof Planned planned) {
                execute(planned.step(), serverPasswords, sentinelPasswords);
            }
        }
    }

    private static void execute(ReplicationStep step, List<Optional<String>> serverPasswords, List<Optional<String>> sentinelPasswords) {
        if (step instanceof ReplicationStep.PromoteToMaster promote) {
            try (NodeSession session = NodeSession.open(address(promote.node()), serverPasswords)) {
                session.jedis().replicaofNoOne();
                disconnectClients(session);
            }
        } else if (step instanceof ReplicationStep.ReplicaOf replicaOf) {
            try (NodeSession session = NodeSession.open(address(replicaOf.node()), serverPasswords)) {
                session.jedis().replicaof(replicaOf.master().host(), replicaOf.master().port());
                disconnectClients(session);
            }
        } else if (step instanceof ReplicationStep.AskSentinelToFailOver ask) {
            try (NodeSession session = NodeSession.open(address(ask.sentinel()), sentinelPasswords)) {
                session.jedis().sentinelFailover(ask.masterName());
            } catch (JedisDataException inProgress) {
                // INPROG: a failover this pass wanted is already under way.
                LOG.info("sentinel={} failover={} reply={}", ask.sentinel(), ask.masterName(), inProgress.getMessage());
            }
        }
        LOG.info("step=\"{}\"", step);
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
    public static void rotatePasswords(List<ServerNode> nodes, List<Optional<String>> passwords, Optional<String> desired) {
        List<ServerNode> reachable = nodes.stream().filter(ServerNode::reachable).toList();
        for (ServerNode node : reachable) {
            try (NodeSession session = NodeSession.open(address(node.endpoint()), passwords)) {
                session.jedis().configSet("masterauth", desired.orElse(""));
            }
        }
        List<ServerNode> replicasFirst = reachable.stream().sorted((a, b) -> Boolean.compare(a.isMaster(), b.isMaster())).toList();
        for (ServerNode node : replicasFirst) {
            try (NodeSession session = NodeSession.open(address(node.endpoint()), passwords)) {
                if (!session.acceptedDesired()) {
                    session.jedis().configSet("requirepass", desired.orElse(""));
                }
            }
        }
    }

    static HostAndPort address(Endpoint endpoint) {
        return new HostAndPort(endpoint.host(), endpoint.port());
    }
}

package io.qsredis.operator.replication;

import io.qsredis.operator.redis.Login;
import io.qsredis.operator.redis.NodeSession;
import io.qsredis.operator.redis.PasswordRotation;
import io.qsredis.operator.replication.ReplicationDecision.Action;
import io.qsredis.operator.replication.ReplicationDecision.PauseWrites;
import io.qsredis.operator.replication.ReplicationDecision.Planned;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ReplicationInfo;
import io.qsredis.topology.replication.ReplicationStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ClientKillParams;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Carries out a {@link ReplicationDecision}, in order: a write pause or the promotion first, then the re-points. */
public final class ReplicationExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationExecutor.class);

    /** How long a master that came back empty refuses writes: Sentinel's failover-timeout default. */
    static final Duration PAUSE = Duration.ofSeconds(10);

    /** How long a hand-over pauses writes on the master at most, should the operator die in the middle of one. */
    static final Duration HAND_OVER_PAUSE = Duration.ofSeconds(5);
    /** How long a hand-over waits for the replicas to reach the paused master's offset. */
    static final Duration CATCH_UP = Duration.ofMillis(1500);
    /** How long a hand-over waits for Sentinel to promote a replica. */
    static final Duration PROMOTION = Duration.ofSeconds(3);
    private static final long POLL_MILLIS = 10;

    private ReplicationExecutor() {}

    /**
     * What a hand-over did.
     *
     * @param newMaster the server that is master now, when the hand-over completed
     * @param detail what happened, for the Event
     */
    public record HandOverResult(Optional<Endpoint> newMaster, String detail) {}

    /**
     * A planned hand-over of the master role, losing no acknowledged write: writes on the master are paused
     * ({@code CLIENT PAUSE WRITE}), every replica linked to it reaches its offset, then the Sentinels are asked to fail
     * over ({@code SENTINEL FAILOVER}; with every replica caught up, whichever they choose holds every write) or,
     * without Sentinels, {@code target} is promoted; the old master is made a replica of the new one at once, its
     * clients are disconnected (so they ask where the master is now) and the pause ends. A replica that does not catch
     * up in time cancels the hand-over (the pause ends, nothing changed). If Sentinel does not promote in time the pause
     * is left to expire by itself, so that the old master cannot take writes Sentinel's late promotion would lose.
     * Blocks the pass for at most {@link #CATCH_UP} plus {@link #PROMOTION}: a hand-over is one step that must not be
     * cut in two.
     *
     * @param sentinel a Sentinel that monitors the master, and the group's name, when Sentinels watch the replication
     */
    public static HandOverResult handOver(ServerNode master, List<ServerNode> replicas, ServerNode target, Optional<Endpoint> sentinel,
            String group, Login serverLogin, Login sentinelLogin) {
        long started = System.nanoTime();
        try (NodeSession old = NodeSession.open(address(master.endpoint()), serverLogin)) {
            old.jedis().clientPause(HAND_OVER_PAUSE.toMillis(), ClientPauseMode.WRITE);
            boolean unpause = true;
            try {
                long offset = ReplicationInfo.parse(old.jedis().info("replication")).offset();
                for (ServerNode replica : replicas) {
                    Optional<String> behind = awaitOffset(replica, offset, serverLogin);
                    if (behind.isPresent()) {
                        return new HandOverResult(Optional.empty(), "cancelled: " + behind.get());
                    }
                }
                Endpoint promoted;
                if (sentinel.isPresent()) {
                    try (NodeSession session = NodeSession.open(address(sentinel.get()), sentinelLogin)) {
                        session.jedis().sentinelFailover(group);
                    }
                    Optional<Endpoint> found = awaitPromotion(replicas, serverLogin);
                    if (found.isEmpty()) {
                        unpause = false;
                        return new HandOverResult(Optional.empty(), "Sentinel " + sentinel.get() + " promoted no replica within " + PROMOTION.toMillis()
                                + " ms; writes stay paused until the pause expires");
                    }
                    promoted = found.get();
                } else {
                    try (NodeSession session = NodeSession.open(address(target.endpoint()), serverLogin)) {
                        session.jedis().replicaofNoOne();
                        session.jedis().clientKill(new ClientKillParams().type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES));
                    }
                    promoted = target.endpoint();
                }
                old.jedis().replicaof(promoted.host(), promoted.port());
                old.jedis().clientKill(new ClientKillParams().type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES));
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                LOG.info("pod={} step=handOver to={} writesPausedMs={}", master.name(), promoted, millis);
                return new HandOverResult(Optional.of(promoted), "writes paused for " + millis + " ms");
            } finally {
                if (unpause) {
                    old.jedis().clientUnpause();
                }
            }
        }
    }

    /** Empty once {@code replica} holds the stream up to {@code offset}; else how far it got. */
    private static Optional<String> awaitOffset(ServerNode replica, long offset, Login login) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        try (NodeSession session = NodeSession.open(address(replica.endpoint()), login)) {
            while (true) {
                long reached = ReplicationInfo.parse(session.jedis().info("replication")).offset();
                if (reached >= offset) {
                    return Optional.empty();
                }
                if (System.nanoTime() >= deadline) {
                    return Optional.of(replica.name() + " reached offset " + reached + " of " + offset + " within " + CATCH_UP.toMillis() + " ms");
                }
                sleep();
            }
        }
    }

    /** The replica that reports itself master, once one does. */
    private static Optional<Endpoint> awaitPromotion(List<ServerNode> replicas, Login login) {
        long deadline = System.nanoTime() + PROMOTION.toNanos();
        while (System.nanoTime() < deadline) {
            for (ServerNode replica : replicas) {
                try (NodeSession session = NodeSession.open(address(replica.endpoint()), login)) {
                    if (ReplicationInfo.parse(session.jedis().info("replication")).isMaster()) {
                        return Optional.of(replica.endpoint());
                    }
                } catch (JedisException e) {
                    LOG.debug("pod={} unreachable during a hand-over: {}", replica.name(), e.getMessage());
                }
            }
            sleep();
        }
        return Optional.empty();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a hand-over", e);
        }
    }

    /**
     * @param serverLogin how to get into the servers
     * @param sentinelLogin how to get into the Sentinels (asked to fail over)
     * @param sentinels every Sentinel of the group: when the one a step names refuses to fail over, the others are asked
     * @return why, when every Sentinel asked to fail over refused
     */
    public static Optional<String> execute(List<Action> actions, Login serverLogin, Login sentinelLogin,
            List<Endpoint> sentinels) {
        Optional<String> refused = Optional.empty();
        for (Action action : actions) {
            if (action instanceof PauseWrites pause) {
                try (NodeSession session = NodeSession.open(address(pause.node().endpoint()), serverLogin)) {
                    session.jedis().clientPause(PAUSE.toMillis(), ClientPauseMode.WRITE);
                }
                LOG.info("pod={} step=pauseWrites for={}", pause.node().name(), PAUSE);
            } else if (action instanceof Planned planned && planned.step() instanceof ReplicationStep.AskSentinelToFailOver ask) {
                refused = askToFailOver(ask.sentinel(), sentinels, ask.masterName(), sentinelLogin);
            } else if (action instanceof Planned planned) {
                execute(planned.step(), serverLogin);
            }
        }
        return refused;
    }

    /**
     * {@code SENTINEL FAILOVER} on {@code first}, then on each of {@code sentinels} in turn, until one accepts (or answers
     * that one is under way): one that cannot (NOGOODSLAVE, no quorum, TILT) must not stall the failover. Why, when none
     * did.
     */
    static Optional<String> askToFailOver(Endpoint first, List<Endpoint> sentinels, String group, Login login) {
        List<Endpoint> asked = new java.util.ArrayList<>(List.of(first));
        sentinels.stream().filter(s -> !s.equals(first)).forEach(asked::add);
        List<String> refusals = new java.util.ArrayList<>();
        for (Endpoint sentinel : asked) {
            try (NodeSession session = NodeSession.open(address(sentinel), login)) {
                session.jedis().sentinelFailover(group);
                LOG.info("sentinel={} failover={} accepted", sentinel, group);
                return Optional.empty();
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("INPROG")) {
                    LOG.info("sentinel={} failover={} reply={}", sentinel, group, e.getMessage());
                    return Optional.empty();
                }
                refusals.add(sentinel + ": " + e.getMessage());
            } catch (JedisException e) {
                refusals.add(sentinel + ": " + e.getMessage());
            }
        }
        LOG.warn("failover={} refused by every Sentinel: {}", group, refusals);
        return Optional.of(String.join("; ", refusals));
    }

    private static void execute(ReplicationStep step, Login serverLogin) {
        if (step instanceof ReplicationStep.PromoteToMaster promote) {
            try (NodeSession session = NodeSession.open(address(promote.node()), serverLogin)) {
                session.jedis().replicaofNoOne();
                disconnectClients(session);
            }
        } else if (step instanceof ReplicationStep.ReplicaOf replicaOf) {
            try (NodeSession session = NodeSession.open(address(replicaOf.node()), serverLogin)) {
                session.jedis().replicaof(replicaOf.master().host(), replicaOf.master().port());
                disconnectClients(session);
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

    /** Moves the reachable servers to the desired password ({@link PasswordRotation}), the master last. */
    public static void rotatePasswords(List<ServerNode> nodes, Login login, Optional<String> desired, boolean acl) {
        PasswordRotation.rotate(nodes.stream().filter(ServerNode::reachable).sorted((a, b) -> Boolean.compare(a.isMaster(), b.isMaster()))
                .map(node -> address(node.endpoint())).toList(), login, desired, acl);
    }

    static HostAndPort address(Endpoint endpoint) {
        return new HostAndPort(endpoint.host(), endpoint.port());
    }
}

package io.qsredis.operator.replication;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.operator.reconcile.ObservedPod;
import io.qsredis.operator.reconcile.RestartTracker;
import io.qsredis.operator.redis.NodeSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Step 1 of a replication pass for the servers: each pod's facts from the API, and its INFO replication. */
public final class ServerObserver {
    private static final Logger LOG = LoggerFactory.getLogger(ServerObserver.class);

    /** The servers, and which password each accepted (to rotate those that still run an old one). */
    public record Observation(List<ServerNode> nodes, List<String> stalePassword, List<String> unauthenticated) {}

    private ServerObserver() {}

    public static Observation observe(List<Pod> pods, String statefulSet, int port, List<Optional<String>> passwords, RestartTracker restarts) {
        List<ServerNode> nodes = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Pod pod : pods) {
            if (!ObservedPod.belongsTo(pod, statefulSet)) {
                continue;
            }
            ObservedPod observed = ObservedPod.of(pod, statefulSet, "redis");
            Optional<InfoReplication> info = Optional.empty();
            if (observed.ip().isPresent() && observed.running() && !observed.terminating()) {
                try (NodeSession session = NodeSession.open(new HostAndPort(observed.ip().get(), port), passwords)) {
                    info = Optional.of(InfoReplication.parse(session.jedis().info("replication")));
                    if (!session.acceptedDesired()) {
                        stale.add(observed.name());
                    }
                } catch (JedisAccessControlException e) {
                    refused.add(observed.name());
                } catch (JedisException e) {
                    LOG.debug("pod={} unreachable error={}", observed.name(), e.getMessage());
                }
            }
            nodes.add(new ServerNode(observed, info, restarts.diedSinceSeen(observed)));
        }
        nodes.sort(Comparator.comparingInt(n -> n.pod().ordinal()));
        return new Observation(nodes, stale, refused);
    }
}

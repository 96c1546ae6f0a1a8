package io.qsredis.operator.replication;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.operator.reconcile.ObservedPod;
import io.qsredis.operator.reconcile.RestartTracker;
import io.qsredis.operator.redis.Login;
import io.qsredis.operator.redis.NodeSession;
import io.qsredis.operator.redis.PasswordRotation;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ObservedRedis;
import io.qsredis.topology.replication.ReplicationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** Step 1 of a replication pass for the servers: each pod's facts from the API, its INFO replication and key count. */
public final class ServerObserver {
    private static final Logger LOG = LoggerFactory.getLogger(ServerObserver.class);

    /** The servers, and which still run an older password or accept none the operator knows. */
    public record Observation(List<ServerNode> nodes, List<String> stalePassword, List<String> unauthenticated) {}

    private ServerObserver() {}

    /**
     * @param endpoints where each server pod is reached and named (its announced address, or its pod IP); a pod
     *     without one is not observed
     * @param login how to get in: the default user with the password candidates, or the operator's own ACL user
     * @param desired the default user's password as the Secret has it
     * @param ask whether to ask a running server at all; one that is not asked is observed unreachable
     */
    public static Observation observe(List<Pod> pods, String statefulSet, Function<ObservedPod, Optional<Endpoint>> endpoints, Login login,
            Optional<String> desired, RestartTracker restarts, Predicate<ObservedPod> ask) {
        List<ServerNode> nodes = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Pod pod : pods) {
            if (!ObservedPod.belongsTo(pod, statefulSet)) {
                continue;
            }
            ObservedPod observed = ObservedPod.of(pod, statefulSet, "redis");
            Optional<Endpoint> reached = endpoints.apply(observed);
            if (reached.isEmpty()) {
                continue;
            }
            Endpoint endpoint = reached.get();
            ObservedRedis redis = ObservedRedis.unreachable(endpoint);
            if (observed.live() && ask.test(observed)) {
                try (NodeSession session = NodeSession.open(new HostAndPort(endpoint.host(), endpoint.port()), login)) {
                    redis = ObservedRedis.builder()
                            .endpoint(endpoint)
                            .replication(ReplicationInfo.parse(session.jedis().info("replication")))
                            .keys(session.jedis().dbSize())
                            .build();
                    if (!PasswordRotation.defaultUserHasDesired(session, login, desired)) {
                        stale.add(observed.name());
                    }
                } catch (JedisAccessControlException e) {
                    refused.add(observed.name());
                } catch (JedisException e) {
                    LOG.debug("pod={} unreachable error={}", observed.name(), e.getMessage());
                }
            }
            nodes.add(new ServerNode(observed, redis, restarts.diedSinceSeen(observed)));
        }
        nodes.sort(Comparator.comparingInt(n -> n.pod().ordinal()));
        return new Observation(nodes, stale, refused);
    }
}

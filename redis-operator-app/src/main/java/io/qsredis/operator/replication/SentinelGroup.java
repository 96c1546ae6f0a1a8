package io.qsredis.operator.replication;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.operator.Operator;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.reconcile.ObservedPod;
import io.qsredis.operator.reconcile.RestartTracker;
import io.qsredis.operator.redis.NodeSession;
import io.qsredis.operator.redis.PasswordHistory;
import io.qsredis.operator.replication.SentinelPlan.Configure;
import io.qsredis.operator.replication.SentinelPlan.Failover;
import io.qsredis.operator.replication.SentinelPlan.Monitor;
import io.qsredis.operator.replication.SentinelPlan.Plan;
import io.qsredis.operator.replication.SentinelPlan.Remove;
import io.qsredis.operator.replication.SentinelPlan.Reset;
import io.qsredis.operator.replication.SentinelPlan.SentinelNode;
import io.qsredis.operator.replication.SentinelPlan.Settings;
import io.qsredis.operator.replication.SentinelPlan.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Sentinel side of a replication: observes the Sentinel pods of one StatefulSet, plans with {@link SentinelPlan}
 * and carries the plan out. Shared by a RedisReplication's own Sentinels ({@code spec.sentinel}) and a RedisSentinel.
 * It remembers, per Sentinel pod, which master password it last set, and, per server pod, the container restarts
 * it last saw (to fail over at once when the master's container dies).
 */
public final class SentinelGroup {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelGroup.class);
    public static final int PORT = 26379;

    /** The Sentinels of one StatefulSet and how to reach them. */
    public record Members(String statefulSet, int desired, Optional<String> desiredPassword) {
        @Override
        public String toString() {
            return "Members[" + statefulSet + ", desired=" + desired + ", password=" + (desiredPassword.isPresent() ? "set" : "none") + "]";
        }
    }

    /** An observation of the group. */
    public record Observation(List<SentinelNode> nodes, List<String> stalePassword) {
        /**
         * What the Sentinels say when they have a say: a majority monitors one master, or a failover is in progress.
         * Empty for a fresh group, or one whose Sentinels disagree with no majority: then the operator decides.
         */
        public Optional<MasterChoice.SentinelView> view(int desired) {
            Optional<String> majority = SentinelPlan.majority(nodes, desired);
            boolean failingOver = SentinelPlan.failoverInProgress(nodes);
            if (majority.isEmpty() && !failingOver) {
                return Optional.empty();
            }
            return Optional.of(new MasterChoice.SentinelView(majority.map(t -> t.substring(0, t.lastIndexOf(':'))), failingOver));
        }

        /**
         * Sentinels that monitor {@code target} but know fewer than {@code replicas} replicas of it yet. Sentinel learns
         * replicas from the master's INFO every 10 s, and a failover needs a replica it knows.
         */
        public List<String> discoveringReplicas(String target, int replicas) {
            return nodes.stream()
                    .filter(n -> n.address().filter(target::equals).isPresent())
                    .filter(n -> Integer.parseInt(n.group().get().getOrDefault("num-slaves", "0")) < replicas)
                    .map(n -> n.pod().name())
                    .toList();
        }

        /** Sentinels that answer and monitor {@code target}. */
        public long monitoring(String target) {
            return nodes.stream().filter(n -> n.address().filter(target::equals).isPresent()).count();
        }
    }

    private final Operator.Context context;
    private final Map<ResourceKey, RestartTracker> serverRestarts = new ConcurrentHashMap<>();
    private final Map<String, String> authPassApplied = new ConcurrentHashMap<>();
    private final PasswordHistory passwords = new PasswordHistory();

    public SentinelGroup(Operator.Context context) {
        this.context = context;
    }

    private List<Optional<String>> candidates(HasMetadata owner, Members members) {
        return passwords.candidates(ResourceKey.of(owner), members.desiredPassword());
    }

    public Observation observe(HasMetadata owner, List<Pod> pods, Members members, String group, Optional<String> authPass) {
        List<SentinelNode> nodes = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (Pod pod : pods) {
            if (!ObservedPod.belongsTo(pod, members.statefulSet())) {
                continue;
            }
            ObservedPod observed = ObservedPod.of(pod, members.statefulSet(), "sentinel");
            boolean applied = authPass.map(pass -> digest(pass).equals(authPassApplied.get(observed.uid()))).orElse(true);
            if (observed.ip().isEmpty() || !observed.running() || observed.terminating()) {
                nodes.add(new SentinelNode(observed, false, Optional.empty(), applied));
                continue;
            }
            try (NodeSession session = NodeSession.open(new HostAndPort(observed.ip().get(), PORT), candidates(owner, members))) {
                if (!session.acceptedDesired()) {
                    stale.add(observed.name());
                }
                passwords.accepted(ResourceKey.of(owner), session.password());
                Optional<Map<String, String>> view;
                try {
                    view = Optional.of(session.jedis().sentinelMaster(group));
                } catch (JedisDataException noSuchMaster) {
                    view = Optional.empty();
                }
                nodes.add(new SentinelNode(observed, true, view, applied));
            } catch (JedisAccessControlException e) {
                nodes.add(new SentinelNode(observed, false, Optional.empty(), applied));
            } catch (JedisException e) {
                LOG.debug("sentinel={} unreachable error={}", observed.name(), e.getMessage());
                nodes.add(new SentinelNode(observed, false, Optional.empty(), applied));
            }
        }
        nodes.sort(Comparator.comparingInt(n -> n.pod().ordinal()));
        return new Observation(nodes, stale);
    }

    /**
     * Plans and carries out one pass over the group; {@code servers} are the replication's server pods (for the fast
     * failover), {@code observedMaster} the master the operator sees on them.
     */
    public Plan reconcile(HasMetadata owner, Members members, Observation observation, Settings settings,
            Optional<String> observedMaster, List<Pod> servers, String serverStatefulSet, int serverPort) {
        List<ObservedPod> serverPods = servers.stream().filter(p -> ObservedPod.belongsTo(p, serverStatefulSet))
                .map(p -> ObservedPod.of(p, serverStatefulSet, "redis")).toList();
        RestartTracker restarts = serverRestarts.computeIfAbsent(ResourceKey.of(owner), k -> new RestartTracker());
        Set<String> died = new HashSet<>();
        serverPods.stream().filter(restarts::diedSinceSeen).forEach(p -> p.ip().ifPresent(ip -> died.add(ip + ":" + serverPort)));
        Optional<String> target = SentinelPlan.majority(observation.nodes(), members.desired()).or(() -> observedMaster);
        Plan plan = SentinelPlan.plan(observation.nodes(), members.desired(), withAcceptedAuthPass(settings, target), observedMaster, died);
        if (!observation.stalePassword().isEmpty()) {
            rotateOwnPassword(owner, members, observation);
        }
        for (Step step : plan.steps()) {
            execute(owner, members, settings, step, plan);
        }
        serverPods.forEach(restarts::remember);
        restarts.retainOnly(serverPods.stream().map(ObservedPod::uid).collect(Collectors.toSet()));
        return plan;
    }

    /**
     * The master's password goes to the Sentinels only once the master accepts it. {@code SENTINEL SET auth-pass} drops
     * their links, and a Sentinel that reconnects with a password the master refuses sees it down after
     * down-after-milliseconds: told first, the Sentinels would fail over a healthy master in the middle of a rotation.
     */
    private static Settings withAcceptedAuthPass(Settings settings, Optional<String> target) {
        if (settings.authPass().isEmpty() || target.isEmpty()) {
            return settings.accepted(true);
        }
        try (NodeSession session = NodeSession.open(HostAndPort.from(target.get()), List.of(settings.authPass()))) {
            return settings.accepted(true);
        } catch (JedisException refusedOrDown) {
            return settings.accepted(false);
        }
    }

    private void execute(HasMetadata owner, Members members, Settings settings, Step step, Plan plan) {
        SentinelNode sentinel = step.sentinel();
        String name = sentinel.pod().name();
        try (NodeSession session = NodeSession.open(new HostAndPort(sentinel.pod().ip().orElseThrow(), PORT), candidates(owner, members))) {
            if (step instanceof Monitor monitor) {
                session.jedis().sentinelMonitor(settings.group(), monitor.ip(), monitor.port(), monitor.quorum());
                context.events().normal(owner, "SentinelMonitoring", name + " monitors " + settings.group() + " at " + monitor.ip() + ":" + monitor.port());
            } else if (step instanceof Remove) {
                session.jedis().sentinelRemove(settings.group());
                context.events().normal(owner, "SentinelRepointed", name + " monitored another address than the majority; re-pointing it at " + plan.target().orElse("?"));
            } else if (step instanceof Configure configure) {
                session.jedis().sentinelSet(settings.group(), configure.values());
                if (configure.values().containsKey("auth-pass")) {
                    authPassApplied.put(sentinel.pod().uid(), digest(configure.values().get("auth-pass")));
                }
                context.events().normal(owner, "SentinelConfigured", name + " set " + String.join(", ", configure.values().keySet()));
            } else if (step instanceof Reset) {
                session.jedis().sentinelReset(settings.group());
                context.events().normal(owner, "SentinelReset", name + " knew Sentinels that are gone; reset so that it forgets them");
            } else if (step instanceof Failover) {
                session.jedis().sentinelFailover(settings.group());
                context.events().normal(owner, "FailoverStarted", "the container of master " + plan.target().orElse("?")
                        + " died: asked " + name + " to fail over now rather than after down-after-milliseconds");
            }
        } catch (JedisDataException e) {
            context.events().warning(owner, "SentinelStepFailed", name + ": " + step.getClass().getSimpleName() + " failed: " + e.getMessage());
        }
    }

    /** Sentinels that still run an older own password get the new one: the default user's password and sentinel-pass. */
    private void rotateOwnPassword(HasMetadata owner, Members members, Observation observation) {
        for (SentinelNode node : observation.nodes()) {
            if (!observation.stalePassword().contains(node.pod().name())) {
                continue;
            }
            try (NodeSession session = NodeSession.open(new HostAndPort(node.pod().ip().orElseThrow(), PORT), candidates(owner, members))) {
                if (members.desiredPassword().isPresent()) {
                    session.jedis().aclSetUser("default", "on", "resetpass", ">" + members.desiredPassword().get(), "~*", "&*", "+@all");
                } else {
                    session.jedis().aclSetUser("default", "on", "nopass", "~*", "&*", "+@all");
                }
                session.jedis().sendCommand(Protocol.Command.SENTINEL, "CONFIG", "SET", "sentinel-pass", members.desiredPassword().orElse(""));
            }
            context.events().normal(owner, "PasswordRotated", "applied the Sentinel password of the Secret to " + node.pod().name() + " live");
        }
    }

    private static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Forgets what was remembered about a resource's pods. */
    public void forget(ResourceKey key) {
        passwords.forget(key);
        serverRestarts.remove(key);
    }
}

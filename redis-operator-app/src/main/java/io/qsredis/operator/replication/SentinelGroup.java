package io.qsredis.operator.replication;

import com.google.common.hash.Hashing;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.operator.Operator;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.reconcile.ObservedPod;
import io.qsredis.operator.reconcile.RestartTracker;
import io.qsredis.operator.reconcile.SecretPasswordStore;
import io.qsredis.operator.redis.Login;
import io.qsredis.operator.redis.NodeSession;
import io.qsredis.operator.redis.PasswordHistory;
import io.qsredis.operator.rollout.RolloutMember;
import io.qsredis.renderer.impact.RestartReason;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.sentinel.FailoverReadiness;
import io.qsredis.topology.sentinel.ObservedSentinel;
import io.qsredis.topology.sentinel.SentinelMasterView;
import io.qsredis.topology.sentinel.SentinelMonitor;
import io.qsredis.topology.sentinel.SentinelPeerView;
import io.qsredis.topology.sentinel.SentinelPlanner;
import io.qsredis.topology.sentinel.SentinelStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Sentinel side of a replication, shared by a RedisReplication's own Sentinels ({@code spec.sentinel}) and a
 * RedisSentinel: observes the Sentinel pods of one StatefulSet as redis-topology's planners take them, decides with
 * {@link SentinelDecision} and carries the decision out. Remembers, per Sentinel pod, which master user and password
 * it was given ({@code auth-user}, {@code auth-pass}), and per server pod the container restarts it last saw (for the failover on container death).
 */
public final class SentinelGroup {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelGroup.class);
    public static final int PORT = 26379;

    /**
     * The Sentinels of one StatefulSet, how many there should be, their own password, and the TLS they speak (and the
     * servers they watch, whose TLS Secret is the same resource's or one signed by the same CA).
     */
    public record Members(String statefulSet, int desired, Optional<String> desiredPassword, Optional<SSLSocketFactory> tls) {
        /** Plain TCP. */
        public Members(String statefulSet, int desired, Optional<String> desiredPassword) {
            this(statefulSet, desired, desiredPassword, Optional.empty());
        }

        @Override
        public String toString() {
            return "Members[" + statefulSet + ", desired=" + desired + ", password=" + (desiredPassword.isPresent() ? "set" : "none")
                    + ", tls=" + tls.isPresent() + "]";
        }
    }

    /**
     * An observation of the group: every desired Sentinel (a pod not created yet counts as unreachable), by pod.
     */
    public record Observation(List<ObservedSentinel> sentinels, Map<Endpoint, ObservedPod> pods, List<String> stalePassword) {
        /** Sentinels that answer and monitor {@code target}. */
        public long monitoring(Endpoint target) {
            return sentinels.stream().filter(s -> s.monitors(target)).count();
        }

        /**
         * What keeps the group from failing {@code master} over now ({@link FailoverReadiness}), a line per Sentinel
         * lacking something, servers named by {@code serverName}.
         *
         * @param replicas the replicas a failover could promote, at their current addresses
         */
        public List<String> failoverGaps(Endpoint master, Collection<Endpoint> replicas, Function<Endpoint, String> serverName) {
            return FailoverReadiness.gaps(sentinels, master, replicas).stream()
                    .map(gap -> name(gap.sentinel()) + switch (gap.lack()) {
                        case UNREACHABLE -> " does not answer";
                        case NOT_MONITORING -> " does not monitor the master yet";
                        case MISSING_REPLICAS -> " does not know replica " + gap.missingReplicas().stream().map(serverName)
                                .collect(Collectors.joining(", ")) + " yet (a failover can only promote a replica it knows)";
                        case MISSING_SENTINELS -> " knows " + gap.knownSentinels() + " of the " + gap.otherSentinels() + " other Sentinels";
                    })
                    .toList();
        }

        /** The master a live majority of the group's Sentinels monitors, if any. */
        public Optional<Endpoint> majority(String group) {
            return SentinelPlanner.majorityMaster(sentinels, group, sentinels.size());
        }

        /**
         * The group's Sentinels as a rollout takes them: each settled once its pod is ready and it monitors {@code target}.
         *
         * @param reasons why a Sentinel pod must restart to run the desired revision
         */
        public List<RolloutMember> rolloutMembers(Optional<Endpoint> target, Function<ObservedPod, Set<RestartReason>> reasons) {
            List<RolloutMember> members = new ArrayList<>();
            for (ObservedSentinel sentinel : sentinels) {
                ObservedPod pod = pods.get(sentinel.endpoint());
                if (pod == null) {
                    // Not created yet (or without an address): its endpoint's host is the pod's name.
                    String name = sentinel.endpoint().host();
                    members.add(new RolloutMember(name, "", -1, RolloutMember.Role.REPLICA, false, Optional.of(name + " does not run yet"), Set.of()));
                    continue;
                }
                boolean monitors = target.map(sentinel::monitors).orElse(false);
                Optional<String> unsettled = !pod.serving() ? pod.whyNotServing()
                        : !monitors ? Optional.of(pod.name() + " does not monitor the master yet") : Optional.empty();
                members.add(new RolloutMember(pod.name(), pod.uid(), pod.ordinal(), RolloutMember.Role.REPLICA, pod.serving(), unsettled,
                        reasons.apply(pod)));
            }
            return members;
        }

        public long answering() {
            return sentinels.stream().filter(ObservedSentinel::reachable).count();
        }

        String name(Endpoint endpoint) {
            return Optional.ofNullable(pods.get(endpoint)).map(ObservedPod::name).orElse(endpoint.host());
        }
    }

    private final Operator.Context context;
    private final Map<ResourceKey, RestartTracker> serverRestarts = new ConcurrentHashMap<>();
    private final Map<String, String> authPassGiven = new ConcurrentHashMap<>();
    /** When every Sentinel asked to fail a resource's master over last refused. */
    private final Map<ResourceKey, Instant> refusals = new ConcurrentHashMap<>();
    /** How long a refusal of every Sentinel lets the operator promote a replica itself. */
    static final Duration REFUSAL_MEMORY = Duration.ofSeconds(15);
    private final PasswordHistory passwords;

    public SentinelGroup(Operator.Context context) {
        this.context = context;
        this.passwords = new PasswordHistory(new SecretPasswordStore(context, "sentinel"));
    }

    /** How to get into the group's Sentinels: their password candidates, newest first, and their TLS. */
    public Login login(HasMetadata owner, Members members) {
        return Login.of(passwords.candidates(owner, members.desiredPassword())).withTls(members.tls());
    }

    /**
     * @param endpoints where each Sentinel pod is reached and named: what it announces (its own Service), or its pod IP;
     *     a Sentinel whose address is pending counts as not answering
     */
    public Observation observe(HasMetadata owner, List<Pod> pods, Members members, String group, Function<ObservedPod, Optional<Endpoint>> endpoints) {
        List<ObservedSentinel> sentinels = new ArrayList<>();
        Map<Endpoint, ObservedPod> byEndpoint = new LinkedHashMap<>();
        List<String> stale = new ArrayList<>();
        for (int ordinal = 0; ordinal < members.desired(); ordinal++) {
            String name = members.statefulSet() + "-" + ordinal;
            Optional<ObservedPod> observed = pods.stream()
                    .filter(p -> p.getMetadata().getName().equals(name))
                    .map(p -> ObservedPod.of(p, members.statefulSet(), "sentinel"))
                    .findFirst();
            Optional<Endpoint> reached = observed.flatMap(endpoints);
            if (reached.isEmpty()) {
                sentinels.add(ObservedSentinel.unreachable(new Endpoint(name, PORT)));
                continue;
            }
            Endpoint endpoint = reached.get();
            byEndpoint.put(endpoint, observed.get());
            if (!observed.get().live()) {
                sentinels.add(ObservedSentinel.unreachable(endpoint));
                continue;
            }
            try (NodeSession session = NodeSession.open(new HostAndPort(endpoint.host(), endpoint.port()), login(owner, members))) {
                if (!session.acceptedDesired()) {
                    stale.add(name);
                }
                passwords.accepted(owner, session.password());
                sentinels.add(observeOne(session, endpoint, group));
            } catch (JedisException e) {
                LOG.debug("sentinel={} unreachable error={}", name, e.getMessage());
                sentinels.add(ObservedSentinel.unreachable(endpoint));
            }
        }
        return new Observation(sentinels, byEndpoint, stale);
    }

    private static ObservedSentinel observeOne(NodeSession session, Endpoint endpoint, String group) {
        Map<String, String> master;
        try {
            master = session.jedis().sentinelMaster(group);
        } catch (JedisDataException noSuchMaster) {
            return ObservedSentinel.builder().endpoint(endpoint).build();
        }
        return ObservedSentinel.builder()
                .endpoint(endpoint)
                .master(SentinelMasterView.parse(master))
                .replicas(session.jedis().sentinelReplicas(group).stream().map(SentinelPeerView::parse).toList())
                .sentinels(session.jedis().sentinelSentinels(group).stream().map(SentinelPeerView::parse).toList())
                .build();
    }

    /**
     * Decides and carries out one pass over the group; {@code servers} are the replication's server pods (for the
     * failover on container death), {@code desired} names the master the operator sees on them.
     *
     * @param overrule whether {@code desired}'s master replaces the majority's: that one is gone and the Sentinels
     *     could not fail it over, so the operator promoted a replica
     * @param serverEndpoints where each server pod is reached, as the Sentinels name it
     */
    public SentinelDecision reconcile(HasMetadata owner, Members members, Observation observation, SentinelMonitor desired,
            List<Pod> servers, String serverStatefulSet, Function<ObservedPod, Optional<Endpoint>> serverEndpoints, boolean overrule) {
        List<ObservedPod> serverPods = servers.stream().filter(p -> ObservedPod.belongsTo(p, serverStatefulSet))
                .map(p -> ObservedPod.of(p, serverStatefulSet, "redis")).toList();
        RestartTracker restarts = serverRestarts.computeIfAbsent(ResourceKey.of(owner), k -> new RestartTracker());
        Set<Endpoint> died = new HashSet<>();
        serverPods.stream().filter(restarts::diedSinceSeen)
                .forEach(p -> serverEndpoints.apply(p).ifPresent(died::add));
        Set<Endpoint> authPassStale = new HashSet<>();
        desired.authPass().ifPresent(pass -> observation.pods().forEach((endpoint, pod) -> {
            if (!digest(credential(desired)).equals(authPassGiven.get(pod.uid()))) {
                authPassStale.add(endpoint);
            }
        }));
        Endpoint target = overrule ? desired.master() : observation.majority(desired.masterName()).orElse(desired.master());
        SentinelDecision decision = SentinelDecision.decide(observation.sentinels(), desired, died, authPassStale,
                desired.authPass().isEmpty() || accepts(target, new Login(List.of(desired.authPass()), desired.authUser(), members.tls())), overrule);
        if (!observation.stalePassword().isEmpty()) {
            rotateOwnPassword(owner, members, observation);
        }
        for (SentinelStep step : decision.steps()) {
            execute(owner, members, observation, desired, step);
        }
        serverPods.forEach(restarts::remember);
        restarts.retainOnly(serverPods.stream().map(ObservedPod::uid).collect(Collectors.toSet()));
        return decision;
    }

    /**
     * Has each Sentinel that runs with an address outside the Kubernetes cluster announce it to its peers
     * ({@code SENTINEL CONFIG SET announce-ip/announce-port}) where it announces another; a Sentinel that does not
     * answer is told next pass.
     *
     * @param outside the address each Sentinel pod announces, if it has its own Service
     */
    public void announce(HasMetadata owner, Members members, Observation observation, Function<ObservedPod, Optional<Endpoint>> outside) {
        observation.pods().forEach((endpoint, pod) -> outside.apply(pod).ifPresent(address -> {
            try (NodeSession session = NodeSession.open(new HostAndPort(endpoint.host(), endpoint.port()), login(owner, members))) {
                List<String> changed = new ArrayList<>();
                for (Map.Entry<String, String> option : Map.of("announce-ip", address.host(), "announce-port", Integer.toString(address.port())).entrySet()) {
                    if (!option.getValue().equals(sentinelConfig(session, option.getKey()))) {
                        session.jedis().sendCommand(Protocol.Command.SENTINEL, "CONFIG", "SET", option.getKey(), option.getValue());
                        changed.add(option.getKey());
                    }
                }
                if (!changed.isEmpty()) {
                    context.events().normal(owner, "ConfigApplied", "SENTINEL CONFIG SET " + String.join(", ", changed.stream().sorted().toList())
                            + " on " + pod.name() + ": it announces " + address);
                }
            } catch (JedisException e) {
                LOG.debug("sentinel={} not told its address error={}", pod.name(), e.getMessage());
            }
        }));
    }

    private static String sentinelConfig(NodeSession session, String option) {
        Object reply = session.jedis().sendCommand(Protocol.Command.SENTINEL, "CONFIG", "GET", option);
        List<?> values = reply instanceof List<?> list ? list : List.of();
        return values.size() < 2 || !(values.get(1) instanceof byte[] value) ? "" : new String(value, StandardCharsets.UTF_8);
    }

    private static boolean accepts(Endpoint master, Login login) {
        try (NodeSession session = NodeSession.open(new HostAndPort(master.host(), master.port()), login)) {
            return true;
        } catch (JedisException refusedOrDown) {
            return false;
        }
    }

    private void execute(HasMetadata owner, Members members, Observation observation, SentinelMonitor desired, SentinelStep step) {
        String name = observation.name(step.sentinel());
        String group = desired.masterName();
        if (step instanceof SentinelStep.Failover failover) {
            List<Endpoint> others = observation.sentinels().stream().filter(ObservedSentinel::reachable).map(ObservedSentinel::endpoint).toList();
            Optional<String> refused = ReplicationExecutor.askToFailOver(failover.sentinel(), others, group, login(owner, members));
            if (refused.isPresent()) {
                refused(owner, refused.get());
            } else {
                context.events().normal(owner, "FailoverStarted", "the container of the master died: asked the Sentinels ("
                        + name + " first) to fail over now rather than after down-after-milliseconds");
            }
            return;
        }
        try (NodeSession session = NodeSession.open(new HostAndPort(step.sentinel().host(), step.sentinel().port()), login(owner, members))) {
            if (step instanceof SentinelStep.Monitor monitor) {
                SentinelMonitor settings = monitor.monitor();
                session.jedis().sentinelMonitor(group, settings.master().host(), settings.master().port(), settings.quorum());
                Map<String, String> values = new LinkedHashMap<>();
                values.put("down-after-milliseconds", Long.toString(settings.downAfterMillis()));
                values.put("failover-timeout", Long.toString(settings.failoverTimeoutMillis()));
                values.put("parallel-syncs", Integer.toString(settings.parallelSyncs()));
                settings.authUser().ifPresent(user -> values.put("auth-user", user));
                settings.authPass().ifPresent(pass -> values.put("auth-pass", pass));
                session.jedis().sentinelSet(group, values);
                settings.authPass().ifPresent(pass -> remember(observation, step.sentinel(), credential(settings)));
                context.events().normal(owner, "SentinelMonitoring", name + " monitors " + group + " at " + settings.master()
                        + " (" + String.join(", ", values.keySet()) + " set)");
            } else if (step instanceof SentinelStep.Remove) {
                session.jedis().sentinelRemove(group);
                context.events().normal(owner, "SentinelRepointed", name + " monitored another master than the group's; re-pointing it");
            } else if (step instanceof SentinelStep.Set set) {
                Map<String, String> values = new LinkedHashMap<>();
                if (set.option().equals("auth-pass")) {
                    // The user goes with its password; an empty one is the default user again.
                    values.put("auth-user", desired.authUser().orElse(""));
                }
                values.put(set.option(), set.value());
                session.jedis().sentinelSet(group, values);
                if (set.option().equals("auth-pass")) {
                    remember(observation, step.sentinel(), credential(desired));
                }
                // Never the value: auth-pass is a password.
                context.events().normal(owner, "SentinelConfigured", name + " set " + set.option());
            } else if (step instanceof SentinelStep.Reset) {
                session.jedis().sentinelReset(group);
                context.events().normal(owner, "SentinelReset", name + " knew Sentinels that are not the group's; reset so that it forgets them");
            }
        } catch (JedisDataException e) {
            context.events().warning(owner, "SentinelStepFailed", name + ": " + step.getClass().getSimpleName() + " failed: " + e.getMessage());
        }
    }

    private void remember(Observation observation, Endpoint sentinel, String credential) {
        Optional.ofNullable(observation.pods().get(sentinel)).ifPresent(pod -> authPassGiven.put(pod.uid(), digest(credential)));
    }

    /** The user and password the Sentinels log in to the servers with, as one value: a change of either is told them. */
    private static String credential(SentinelMonitor monitor) {
        return monitor.authUser().orElse("") + "\0" + monitor.authPass().orElse("");
    }

    /** Sentinels that still run an older own password get the new one: the default user's password and sentinel-pass. */
    private void rotateOwnPassword(HasMetadata owner, Members members, Observation observation) {
        for (Map.Entry<Endpoint, ObservedPod> entry : observation.pods().entrySet()) {
            if (!observation.stalePassword().contains(entry.getValue().name())) {
                continue;
            }
            try (NodeSession session = NodeSession.open(new HostAndPort(entry.getKey().host(), entry.getKey().port()), login(owner, members))) {
                if (members.desiredPassword().isPresent()) {
                    session.jedis().aclSetUser("default", "on", "resetpass", ">" + members.desiredPassword().get(), "~*", "&*", "+@all");
                } else {
                    session.jedis().aclSetUser("default", "on", "nopass", "~*", "&*", "+@all");
                }
                session.jedis().sendCommand(Protocol.Command.SENTINEL, "CONFIG", "SET", "sentinel-pass", members.desiredPassword().orElse(""));
            }
            context.events().normal(owner, "PasswordRotated", "applied the Sentinel password of the Secret to " + entry.getValue().name() + " live");
        }
    }

    private static String digest(String value) {
        return Hashing.sha256().hashString(value, StandardCharsets.UTF_8).toString();
    }

    /** Every Sentinel asked to fail the master of {@code owner}'s group over refused: remembered for {@link #REFUSAL_MEMORY}. */
    public void refused(HasMetadata owner, String why) {
        refusals.put(ResourceKey.of(owner), context.clock().instant());
        context.events().warning(owner, "SentinelsCannotFailOver", "every Sentinel asked to fail the master over refused: " + why);
    }

    /** Whether every Sentinel asked to fail over refused within the last {@link #REFUSAL_MEMORY}. */
    public boolean refusedLately(HasMetadata owner) {
        Instant at = refusals.get(ResourceKey.of(owner));
        return at != null && at.plus(REFUSAL_MEMORY).isAfter(context.clock().instant());
    }

    /** Forgets what was remembered about a resource. */
    public void forget(ResourceKey key) {
        refusals.remove(key);
        passwords.forget(key);
        serverRestarts.remove(key);
    }
}

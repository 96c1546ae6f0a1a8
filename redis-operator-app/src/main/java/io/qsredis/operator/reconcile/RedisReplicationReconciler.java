package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisReplicationStatus;
import io.qsredis.model.RedisSentinel;
import io.qsredis.operator.Operator;
import io.qsredis.operator.acl.OperatorAcl;
import io.qsredis.operator.kube.Conditions;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.redis.LiveConfig;
import io.qsredis.operator.redis.Login;
import io.qsredis.operator.redis.NodeSession;
import io.qsredis.operator.redis.PasswordHistory;
import io.qsredis.operator.replication.ReplicationDecision;
import io.qsredis.operator.replication.ReplicationExecutor;
import io.qsredis.operator.replication.RoleLabels;
import io.qsredis.operator.replication.SentinelDecision;
import io.qsredis.operator.replication.SentinelGroup;
import io.qsredis.operator.replication.SentinelSettings;
import io.qsredis.operator.replication.ServerNode;
import io.qsredis.operator.replication.ServerObserver;
import io.qsredis.operator.rollout.RolloutDecision;
import io.qsredis.operator.rollout.RolloutMember;
import io.qsredis.operator.rollout.Rollouts;
import io.qsredis.operator.tls.CertificateRenewal;
import io.qsredis.operator.tls.TlsMaterial;
import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.config.OperatorAclUser;
import io.qsredis.renderer.model.InvalidSpecException;
import io.qsredis.renderer.model.RedisReplicationModel;
import io.qsredis.renderer.model.RedisSentinelModel;
import io.qsredis.renderer.model.SentinelSetModel;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.resources.Ports;
import io.qsredis.renderer.resources.RedisReplicationRenderer;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ReplicationPlan;
import io.qsredis.topology.replication.ReplicationStep;
import io.qsredis.topology.sentinel.ObservedSentinel;
import io.qsredis.topology.sentinel.SentinelMonitor;
import io.qsredis.topology.sentinel.SentinelPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ClientKillParams;

import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@code RedisReplication}: StatefulSet {@code X} of servers, one master and replicas, and with {@code spec.sentinel}
 * its own Sentinels ({@code X-s}). A pass renders and applies the objects, observes every server (and the Sentinels
 * that watch the replication, its own or a RedisSentinel's), lets {@link ReplicationDecision} decide the master — the
 * Sentinels' majority when they monitor it — carries out the REPLICAOF steps, moves the {@code redis-role} labels,
 * configures its own Sentinels ({@link SentinelGroup}) and reports the master in {@code status.masterNode} and
 * {@code status.connectionInfo}. A change that needs a restart rolls ({@link RolloutDecision}): the Sentinels and the
 * replicas one at a time, highest ordinal first, each once every pod is settled again; the master last, after a
 * planned hand-over ({@link ReplicationExecutor#handOver}) to a caught-up replica.
 */
public final class RedisReplicationReconciler implements Reconciler<RedisReplication> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisReplicationReconciler.class);
    public static final PrimaryKind<RedisReplication> KIND = PrimaryKind.of("RedisReplication", RedisReplication.class, SecretNames::of);
    /** With Sentinels deciding (or replicas still syncing), how often a pass looks again. */
    static final Duration FOLLOW_SENTINELS = Duration.ofSeconds(5);
    static final Duration CONVERGING = Duration.ofSeconds(1);

    private final Operator.Context context;
    private final RenderOptions options;
    private final PasswordHistory passwords;
    private final OperatorAcl acl;
    private final RestartTracker restarts = new RestartTracker();
    /** The master each resource had at its last pass, so that a change is counted once even when the cache lags. */
    private final Map<ResourceKey, String> lastMaster = new ConcurrentHashMap<>();
    private final SentinelGroup sentinels;
    private final Rollouts rollouts;
    private final LiveConfig liveConfig = new LiveConfig();
    private final PassLog passLog = new PassLog();

    public RedisReplicationReconciler(Operator.Context context, RenderOptions options) {
        this.context = context;
        this.options = options;
        this.sentinels = new SentinelGroup(context);
        this.rollouts = new Rollouts(context);
        this.passwords = new PasswordHistory(new SecretPasswordStore(context, "redis"));
        this.acl = new OperatorAcl(context);
    }

    @Override
    public PrimaryKind<RedisReplication> kind() {
        return KIND;
    }

    @Override
    public String finalizer() {
        return "redisReplicationFinalizer";
    }

    @Override
    public List<String> statefulSetsWithData(RedisReplication resource) {
        return List.of(resource.getMetadata().getName());
    }

    @Override
    public boolean keepsDataAfterDelete(RedisReplication resource) {
        return resource.getSpec() != null && resource.getSpec().storage != null && Boolean.TRUE.equals(resource.getSpec().storage.keepAfterDelete);
    }

    @Override
    public void forget(ResourceKey key) {
        passwords.forget(key);
        acl.forget(key);
        sentinels.forget(key);
        lastMaster.remove(key);
        rollouts.forget(key);
        passLog.forget(key);
    }

    @Override
    public Outcome reconcile(RedisReplication cr) {
        Optional<String> specErrors = Passes.specErrors(context, cr);
        if (specErrors.isPresent()) {
            return Passes.invalidSpec(context, cr, specErrors.get(), this::status);
        }
        RedisReplicationModel model;
        try {
            model = RedisReplicationModel.fromCr(cr, options);
        } catch (InvalidSpecException e) {
            return Passes.invalidSpec(context, cr, e, this::status);
        }
        ServerSetModel server = model.servers();
        Optional<Passwords.Desired> password = Passwords.desired(context, cr, server.redis().password());
        Optional<Passwords.Desired> sentinelPassword = Passwords.desired(context, cr, model.sentinels().flatMap(SentinelSetModel::password));
        for (Optional<Passwords.Desired> desired : List.of(password, sentinelPassword)) {
            if (desired.isPresent() && desired.get().missing().isPresent()) {
                return Passes.secretMissing(context, cr, desired.get().missing().get(), this::status);
            }
        }
        Optional<TlsMaterial.Check> tls = TlsSecrets.check(context, cr, server.redis().tls());
        if (tls.isPresent() && tls.get().problem().isPresent()) {
            return Passes.tlsSecretInvalid(context, cr, tls.get().problem().get(), this::status);
        }
        Optional<SSLSocketFactory> socketFactory = tls.flatMap(TlsMaterial.Check::material).map(TlsMaterial::socketFactory);
        // The pods mount the operator's ACL Secret: it exists before their StatefulSet does.
        Optional<OperatorAcl.State> aclState = server.redis().acl()
                .map(settings -> acl.prepare(cr, settings, password.flatMap(Passwords.Desired::value), socketFactory));
        if (aclState.flatMap(OperatorAcl.State::missing).isPresent()) {
            return Passes.secretMissing(context, cr, aclState.get().missing().get(), this::status);
        }
        DesiredObjects desired = RedisReplicationRenderer.render(model);
        List<String> refused = DesiredState.apply(context, cr, desired);

        String namespace = cr.getMetadata().getNamespace();
        ResourceKey key = ResourceKey.of(cr);
        List<Pod> pods = context.watches().pods().list(namespace);
        LeftBehindPodServices.delete(context, cr, pods, server.name(), server.replicas());
        model.sentinels().ifPresent(set -> LeftBehindPodServices.delete(context, cr, pods, set.name(), set.replicas()));
        Optional<String> desiredPassword = password.flatMap(Passwords.Desired::value);
        // The operator's own ACL user once the servers have it: the user's file may restrict the default user.
        Login serverLogin = OperatorAcl.loginFor(aclState, runningServers(pods, server),
                Login.of(passwords.candidates(cr, desiredPassword)).withTls(socketFactory));
        PodAnnouncements addresses = PodAnnouncements.of(context.watches(), namespace, pods, server.name(), "redis", server.service().podServiceType(),
                Ports.REDIS_CLIENT, server.port());
        Optional<PodAnnouncements> ownSentinelAddresses = model.sentinels().map(set -> PodAnnouncements.of(context.watches(), namespace, pods,
                set.name(), "sentinel", set.service().podServiceType(), Ports.SENTINEL_CLIENT, set.port()));
        Announce announced = announce(cr, addresses, ownSentinelAddresses, pods, serverLogin);
        List<String> pending = announced.pending();
        if (!pending.isEmpty()) {
            // A server named where its clients and Sentinels cannot reach it must not be pointed at nor be given as master.
            String why = "waiting for the addresses the pods announce outside the Kubernetes cluster: " + String.join("; ", pending);
            context.events().normal(cr, "AnnounceAddressPending", why);
            context.status().write(cr, status(cr, Verdicts.progressing("AnnounceAddressPending", why)));
            context.metrics().observed(key, false, 0);
            return Outcome.requeueAfter(CONVERGING);
        }
        ServerObserver.Observation servers = ServerObserver.observe(pods, server.name(), addresses::endpoint, serverLogin, desiredPassword, restarts,
                pod -> pod.ip().map(ip -> !announced.silent().contains(ip)).orElse(true));
        if (!servers.stalePassword().isEmpty()) {
            ReplicationExecutor.rotatePasswords(servers.nodes(), serverLogin, desiredPassword, aclState.isPresent());
            context.events().normal(cr, "PasswordRotated", "applied the password of the Secret live (CONFIG SET masterauth, requirepass) to "
                    + String.join(", ", servers.stalePassword()));
        }
        servers.nodes().stream().filter(ServerNode::reachable).findAny().ifPresent(any -> passwords.accepted(cr, desiredPassword));
        List<HostAndPort> reachable = servers.nodes().stream().filter(ServerNode::reachable)
                .map(node -> new HostAndPort(node.endpoint().host(), node.endpoint().port())).toList();
        Passes.applyLiveConfig(context, cr, liveConfig, server, reachable, serverLogin);
        Optional<Verdict> aclVerdict = aclState.map(state -> state.verdict(acl.applyLive(cr, server.redis().acl().get(), state, reachable, serverLogin)));
        Optional<TlsMaterial> material = tls.flatMap(TlsMaterial.Check::material);
        CertificateRenewal serverRenewal = Passes.renewCertificates(context, cr, material, servers.nodes().stream().filter(ServerNode::reachable)
                .map(node -> new Passes.TlsProcess(node.name(), new HostAndPort(node.endpoint().host(), node.endpoint().port()), true)).toList(),
                serverLogin);

        Watchers watchers = watchers(cr, model, pods, sentinelPassword.flatMap(Passwords.Desired::value), socketFactory, ownSentinelAddresses);
        CertificateRenewal sentinelRenewal = watchers.own()
                .map(own -> Passes.renewCertificates(context, cr, material, sentinelProcesses(own.observation()), watchers.login()))
                .orElse(CertificateRenewal.NONE);
        Optional<String> previous = Optional.ofNullable(cr.getStatus()).map(s -> s.masterNode);
        ReplicationDecision decision = ReplicationDecision.decide(servers.nodes(), watchers.observation().map(SentinelGroup.Observation::sentinels).orElse(List.of()),
                watchers.group(), watchers.desired(), previous, sentinels.refusedLately(cr));
        // A steady group is re-checked every few seconds; a pass that acts, or starts waiting on something new, is worth an INFO line.
        LOG.atLevel(passLog.level(ResourceKey.of(cr), !decision.steps().isEmpty() || decision.withheld().isPresent(),
                        String.join("; ", decision.plan().pending())))
                .log("namespace={} name={} master={} authority={} steps={} pending=\"{}\" withheld={}", namespace, cr.getMetadata().getName(),
                        decision.master().map(ServerNode::name).orElse("-"), decision.plan().authority(), decision.steps().size(),
                        String.join("; ", decision.plan().pending()), decision.withheld().isPresent());
        try {
            List<Endpoint> sentinelEndpoints = watchers.observation().map(o -> o.sentinels().stream().filter(ObservedSentinel::reachable)
                    .map(ObservedSentinel::endpoint).toList()).orElse(List.of());
            ReplicationExecutor.execute(decision.steps(), serverLogin, watchers.login(), sentinelEndpoints)
                    .ifPresent(why -> sentinels.refused(cr, why));
        } catch (JedisException e) {
            context.events().warning(cr, "ReplicationStepFailed", String.valueOf(e.getMessage()));
            throw e;
        }
        reportDecision(cr, decision, servers.nodes(), previous);
        RoleLabels.apply(context.applier(), namespace, servers.nodes(), decision.master());

        // The Sentinels' word wins, unless their master is gone and they could not fail it over: then the replica the
        // operator promoted is the one they are told to monitor.
        boolean takenOver = decision.plan().authority() == ReplicationPlan.Authority.TAKEN_OVER;
        Optional<SentinelDecision> sentinelDecision = watchers.own().flatMap(own -> (takenOver ? decision.master().map(ServerNode::endpoint)
                        : own.observation().majority(own.monitor().masterGroupName())
                                .or(() -> decision.master().filter(ServerNode::isMaster).map(ServerNode::endpoint)))
                .map(target -> sentinels.reconcile(cr, own.members(), own.observation(), sentinelAuth(own.monitor(), target, password, aclState),
                        pods, server.name(), addresses::endpoint, takenOver)));
        watchers.own().ifPresent(own -> sentinels.announce(cr, own.members(), own.observation(),
                pod -> ownSentinelAddresses.flatMap(a -> a.outside(pod.name()))));

        List<String> sentinelGaps = watchers.own().map(own -> sentinelGaps(own, sentinelDecision, decision, servers.nodes())).orElse(List.of());
        List<RolloutMember> members = rolloutMembers(desired, model, servers.nodes(), decision, watchers, sentinelRenewal);
        List<String> statefulSets = new ArrayList<>(List.of(server.name()));
        watchers.own().ifPresent(own -> statefulSets.add(own.members().statefulSet()));
        RolloutDecision rollout = RolloutDecision.decide(members,
                rolloutHold(decision, servers, server.replicas(), watchers, sentinelDecision, sentinelGaps)
                        .or(() -> rollouts.templatePending(cr, desired, statefulSets, members)),
                rollouts.restarting(cr), Rollouts.operatorRestarts(desired, server.name()));
        boolean rolled = roll(cr, rollout, decision, servers.nodes(), watchers, serverLogin);
        List<Verdict> verdicts = Verdicts.withAcl(Verdicts.withRenewal(Verdicts.withRenewal(Verdicts.withRefusals(
                Verdicts.withRollout(verdicts(decision, servers, server.replicas(), sentinelDecision, sentinelGaps), rollout), refused),
                serverRenewal), sentinelRenewal), aclVerdict);
        context.status().write(cr, status(cr, verdicts, decision.master().map(ServerNode::name).or(() -> previous), connectionInfo(cr, model, watchers)));
        boolean ready = Verdicts.readyHolds(verdicts);
        context.metrics().observed(key, ready, decision.master().map(ServerNode::connectedReplicas).orElse(0));
        servers.nodes().forEach(node -> restarts.remember(node.pod()));
        restarts.retainOnly(servers.nodes().stream().map(n -> n.pod().uid()).collect(Collectors.toSet()));

        boolean converged = decision.converged() && sentinelDecision.map(SentinelDecision::converged).orElse(true) && !rolled
                && serverRenewal.done();
        if (!converged || !ready) {
            // Replicas syncing and Sentinels discovering replicas change nothing the informers see: look again soon.
            return Outcome.requeueAfter(CONVERGING);
        }
        boolean healthy = verdicts.stream().anyMatch(v -> v.type().equals(Conditions.DEGRADED) && !v.holds());
        return watchers.any() || !healthy || !rollout.upToDate() ? Outcome.requeueAfter(FOLLOW_SENTINELS) : Outcome.done();
    }

    /** Every server and every Sentinel of the replication's own, as the rollout takes them. */
    private static List<RolloutMember> rolloutMembers(DesiredObjects desired, RedisReplicationModel model, List<ServerNode> nodes,
            ReplicationDecision decision, Watchers watchers, CertificateRenewal sentinelRenewal) {
        List<RolloutMember> members = new ArrayList<>();
        Optional<ServerNode> master = decision.master().filter(ServerNode::isMaster);
        for (ServerNode node : nodes) {
            boolean isMaster = master.isPresent() && master.get() == node;
            RolloutMember.Role role = !isMaster ? RolloutMember.Role.REPLICA
                    : ReplicationDecision.handOverTarget(nodes, node).isPresent() ? RolloutMember.Role.PRIMARY : RolloutMember.Role.ALONE;
            Optional<String> unsettled = !node.pod().serving() ? node.pod().whyNotServing()
                    : !node.reachable() ? Optional.of(node.name() + " does not answer")
                    : isMaster || master.isEmpty() ? Optional.empty()
                    : !node.redis().follows(master.get().endpoint()) || !node.linkUp() || node.syncing()
                            ? Optional.of(node.name() + " has not caught up with " + master.get().name() + " yet")
                            : Optional.empty();
            members.add(new RolloutMember(node.name(), node.pod().uid(), node.pod().ordinal(), role, node.pod().serving(), unsettled,
                    Rollouts.reasons(node.pod(), desired, model.servers().name())));
        }
        watchers.own().ifPresent(own -> members.addAll(own.observation().rolloutMembers(master.map(ServerNode::endpoint),
                pod -> Rollouts.reasons(pod, desired, own.members().statefulSet(), sentinelRenewal))));
        return members;
    }

    /** The Sentinels observed, as processes whose certificate only a restart renews. */
    static List<Passes.TlsProcess> sentinelProcesses(SentinelGroup.Observation observation) {
        return observation.pods().entrySet().stream()
                .map(e -> new Passes.TlsProcess(e.getValue().name(), new HostAndPort(e.getKey().host(), e.getKey().port()), false))
                .toList();
    }

    /** Why no pod may restart now: the replication or its Sentinels are not where a restart can be afforded. */
    private static Optional<String> rolloutHold(ReplicationDecision decision, ServerObserver.Observation servers, int desiredServers,
            Watchers watchers, Optional<SentinelDecision> sentinelDecision, List<String> sentinelGaps) {
        if (watchers.observation().map(o -> SentinelPlanner.failoverInProgress(o.sentinels())).orElse(false)) {
            return Optional.of("a Sentinel failover is under way");
        }
        if (!decision.converged()) {
            return Optional.of("the replication is converging");
        }
        if (sentinelDecision.isPresent() && !sentinelDecision.get().converged()) {
            return Optional.of("the Sentinels are being configured");
        }
        if (servers.nodes().size() < desiredServers) {
            return Optional.of((desiredServers - servers.nodes().size()) + " pod(s) not running yet");
        }
        if (!servers.unauthenticated().isEmpty()) {
            return Optional.of(String.join(", ", servers.unauthenticated()) + " refuse the operator's password");
        }
        return sentinelGaps.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", sentinelGaps));
    }

    /** Carries out the rollout's step, if any; whether it did something. */
    private boolean roll(RedisReplication cr, RolloutDecision rollout, ReplicationDecision decision, List<ServerNode> nodes, Watchers watchers,
            Login serverLogin) {
        if (rollout.step().isEmpty()) {
            return false;
        }
        if (rollout.step().get() instanceof RolloutDecision.Restart restart) {
            rollouts.restart(cr, rollout, restart, "");
            return true;
        }
        ServerNode master = decision.master().orElseThrow();
        ServerNode target = ReplicationDecision.handOverTarget(nodes, master).orElseThrow();
        List<ServerNode> replicas = nodes.stream().filter(n -> n != master && n.redis().follows(master.endpoint())).toList();
        Optional<Endpoint> sentinel = watchers.observation().flatMap(o -> o.sentinels().stream()
                .filter(s -> s.monitors(master.endpoint()))
                .map(ObservedSentinel::endpoint)
                .findFirst());
        ReplicationExecutor.HandOverResult result = ReplicationExecutor.handOver(master, replicas, target, sentinel, watchers.group(),
                serverLogin, watchers.login());
        String why = rollout.step().get().pod().why();
        if (result.newMaster().isPresent()) {
            context.events().normal(cr, "MasterHandedOver", master.name() + " handed the master role to " + name(nodes, result.newMaster().get())
                    + " before its restart (" + why + "): " + result.detail());
        } else {
            context.events().warning(cr, "HandOverFailed", master.name() + " keeps the master role for now: " + result.detail());
        }
        return true;
    }

    /**
     * The group's settings for {@code master} with how the Sentinels log in to the servers: with ACLs as the operator's
     * own user (the user's file may restrict the default user), else with the default user's password.
     */
    private static SentinelMonitor sentinelAuth(SentinelSettings settings, Endpoint master, Optional<Passwords.Desired> password,
            Optional<OperatorAcl.State> acl) {
        return acl.isPresent() ? settings.withMaster(master, Optional.of(OperatorAclUser.NAME), acl.get().ownPassword())
                : settings.withMaster(master, Optional.empty(), password.flatMap(Passwords.Desired::value));
    }

    /** The server pods whose process runs, at their addresses: those whose login decides which user the operator takes. */
    private static List<HostAndPort> runningServers(List<Pod> pods, ServerSetModel server) {
        return pods.stream().filter(p -> ObservedPod.belongsTo(p, server.name()))
                .map(p -> ObservedPod.of(p, server.name(), "redis"))
                .filter(p -> p.live() && p.ip().isPresent())
                .map(p -> new HostAndPort(p.ip().get(), server.port()))
                .toList();
    }

    /**
     * Sentinels that watch this replication: its own ({@code spec.sentinel}), or those of a RedisSentinel naming it.
     *
     * @param observation the Sentinels, as the planners take them
     * @param group their master group's name
     * @param desired how many Sentinels the group should have
     * @param login how to get into the Sentinels: candidates for their own password, their TLS
     */
    private record Watchers(Optional<Own> own, Optional<SentinelGroup.Observation> observation, String group, int desired,
            Login login, Optional<ExternalGroup> external) {
        boolean any() {
            return observation.isPresent();
        }
    }

    /** The replication's own Sentinels, and the settings they should have. */
    private record Own(SentinelGroup.Members members, SentinelGroup.Observation observation, SentinelSettings monitor) {}

    private record ExternalGroup(String sentinelService, String group) {}

    private Watchers watchers(RedisReplication cr, RedisReplicationModel model, List<Pod> pods, Optional<String> sentinelPassword,
            Optional<SSLSocketFactory> tls, Optional<PodAnnouncements> ownSentinelAddresses) {
        if (model.sentinels().isPresent() && model.sentinelMonitor().isPresent()) {
            SentinelSetModel set = model.sentinels().get();
            SentinelSettings monitor = SentinelSettings.of(model.sentinelMonitor().get());
            SentinelGroup.Members members = new SentinelGroup.Members(set.name(), set.replicas(), sentinelPassword, tls);
            SentinelGroup.Observation observation = sentinels.observe(cr, pods, members, monitor.masterGroupName(),
                    ownSentinelAddresses.orElseThrow()::endpoint);
            return new Watchers(Optional.of(new Own(members, observation, monitor)), Optional.of(observation), monitor.masterGroupName(),
                    set.replicas(), sentinels.login(cr, members), Optional.empty());
        }
        for (RedisSentinel watcher : context.watches().primaries(RedisSentinel.class).list(cr.getMetadata().getNamespace())) {
            if (watcher.getSpec() == null || watcher.getSpec().redisSentinelConfig == null
                    || !cr.getMetadata().getName().equals(watcher.getSpec().redisSentinelConfig.redisReplicationName)) {
                continue;
            }
            RedisSentinelModel sentinelModel;
            try {
                sentinelModel = RedisSentinelModel.fromCr(watcher, options);
            } catch (InvalidSpecException e) {
                continue;
            }
            Optional<String> ownPassword = Passwords.desired(context, watcher, sentinelModel.sentinels().password()).flatMap(Passwords.Desired::value);
            SentinelSetModel set = sentinelModel.sentinels();
            // A RedisSentinel whose TLS Secret cannot serve reports it in its own pass; its Sentinels then count as not
            // answering here, never as absent, so that the operator does not decide as if no Sentinel watched.
            Optional<TlsMaterial.Check> watcherTls = TlsSecrets.check(context, watcher, set.tls());
            SentinelGroup.Members members = new SentinelGroup.Members(set.name(), set.replicas(), ownPassword,
                    watcherTls.flatMap(TlsMaterial.Check::material).map(TlsMaterial::socketFactory));
            String group = sentinelModel.monitor().masterGroupName();
            PodAnnouncements watcherAddresses = PodAnnouncements.of(context.watches(), cr.getMetadata().getNamespace(), pods, set.name(),
                    "sentinel", set.service().podServiceType(), Ports.SENTINEL_CLIENT, set.port());
            SentinelGroup.Observation observation = sentinels.observe(watcher, pods, members, group, watcherAddresses::endpoint);
            return new Watchers(Optional.empty(), Optional.of(observation), group, set.replicas(), sentinels.login(watcher, members),
                    Optional.of(new ExternalGroup(set.name(), group)));
        }
        return new Watchers(Optional.empty(), Optional.empty(), "", 0, Login.of(List.of(Optional.empty())), Optional.empty());
    }

    /**
     * What {@link #announce} found.
     *
     * @param pending why an address is still pending, a line per pod
     * @param silent the pod IPs of servers that did not answer their announcement: they are not observed (nor pointed
     *     at a master) in this pass, since a replica that links before it announces is listed at the wrong address
     */
    private record Announce(List<String> pending, Set<String> silent) {}

    /**
     * Has every running server (and every Sentinel of its own) announce its outside address before anything is decided;
     * a server told a new address drops its link to its master ({@code CLIENT KILL TYPE master}) and links again at
     * once with a partial resync, because a master lists a replica, and Sentinel learns it, by the address it announced
     * when it linked.
     */
    private Announce announce(RedisReplication cr, PodAnnouncements servers, Optional<PodAnnouncements> ownSentinels, List<Pod> pods,
            Login login) {
        Passes.Announced announced = Passes.applyAnnouncements(context, cr, liveConfig, servers.serverConfigLines(pods), login);
        for (HostAndPort told : announced.changed()) {
            try (NodeSession session = NodeSession.open(told, login)) {
                session.jedis().clientKill(ClientKillParams.clientKillParams().type(ClientType.MASTER));
            } catch (JedisException e) {
                // Gone meanwhile: it links with its new address when it comes back.
            }
        }
        List<String> pending = new ArrayList<>(servers.pending(pods));
        ownSentinels.ifPresent(sentinelAddresses -> pending.addAll(sentinelAddresses.pending(pods)));
        return new Announce(pending, announced.silent().stream().map(HostAndPort::getHost).collect(Collectors.toSet()));
    }

    private void reportDecision(RedisReplication cr, ReplicationDecision decision, List<ServerNode> nodes, Optional<String> previous) {
        List<String> repointed = new ArrayList<>();
        for (ReplicationDecision.Action action : decision.steps()) {
            if (action instanceof ReplicationDecision.PauseWrites pause) {
                context.events().warning(cr, "WritesPaused", pause.node().name()
                        + " came back without its data while the Sentinels still name it master: writes paused until they fail over");
            } else if (action instanceof ReplicationDecision.Planned planned) {
                if (planned.step() instanceof ReplicationStep.PromoteToMaster promote) {
                    context.events().normal(cr, "Promoted", name(nodes, promote.node()) + " is master now: " + decision.plan().reason());
                } else if (planned.step() instanceof ReplicationStep.ReplicaOf replicaOf) {
                    repointed.add(name(nodes, replicaOf.node()));
                } else if (planned.step() instanceof ReplicationStep.AskSentinelToFailOver) {
                    context.events().normal(cr, "FailoverRequested", String.join("; ", decision.plan().warnings()));
                }
            }
        }
        if (!repointed.isEmpty()) {
            context.events().normal(cr, "Repointed", String.join(", ", repointed) + " now replicate " + decision.master().map(ServerNode::name).orElse("?"));
        }
        decision.withheld().ifPresent(why -> context.events().warning(cr, "FailoverWithheld", why));
        Optional<String> now = decision.master().map(ServerNode::name);
        Optional<String> before = Optional.ofNullable(lastMaster.get(ResourceKey.of(cr))).or(() -> previous);
        if (now.isPresent() && before.isPresent() && !now.equals(before)) {
            context.metrics().masterChanged(ResourceKey.of(cr));
            context.events().normal(cr, "MasterChanged", "master moved from " + before.get() + " to " + now.get() + ": " + decision.plan().reason());
        }
        now.ifPresent(name -> lastMaster.put(ResourceKey.of(cr), name));
    }

    private static String name(List<ServerNode> nodes, Endpoint endpoint) {
        return nodes.stream().filter(n -> n.endpoint().equals(endpoint)).map(ServerNode::name).findFirst().orElse(endpoint.toString());
    }

    /** What keeps the replication's own Sentinels from being able to fail over now: missing Sentinels, unknown replicas. */
    private static List<String> sentinelGaps(Own own, Optional<SentinelDecision> decision, ReplicationDecision replication, List<ServerNode> nodes) {
        Optional<Endpoint> target = decision.flatMap(SentinelDecision::target);
        if (target.isEmpty()) {
            return List.of("the Sentinels monitor no master yet");
        }
        List<Endpoint> replicas = nodes.stream()
                .filter(node -> replication.master().map(master -> master != node).orElse(true) && node.reachable())
                .map(ServerNode::endpoint)
                .toList();
        return own.observation().failoverGaps(target.get(), replicas, endpoint -> name(nodes, endpoint));
    }

    /**
     * Ready only when the replication serves as promised: a writable master, every server running, linked to it and
     * caught up (not in a full sync), and its own Sentinels (if any) able to fail it over now. Pure.
     */
    static List<Verdict> verdicts(ReplicationDecision decision, ServerObserver.Observation servers, int desiredServers,
            Optional<SentinelDecision> sentinelDecision, List<String> sentinelGaps) {
        if (decision.master().isEmpty() || !decision.master().get().isMaster()) {
            String why = decision.withheld().orElseGet(() -> decision.plan().pending().isEmpty() ? decision.plan().reason()
                    : String.join("; ", decision.plan().pending()));
            return Verdicts.progressing("NoMaster", why);
        }
        ServerNode master = decision.master().get();
        String ready = master.name() + " is master: " + decision.plan().reason();
        if (!servers.unauthenticated().isEmpty()) {
            return Verdicts.failing("AuthenticationFailed", String.join(", ", servers.unauthenticated())
                    + " accept neither the password of the Secret nor one the operator knows; restart them to load the Secret's");
        }
        if (!decision.steps().isEmpty() || !decision.plan().pending().isEmpty()) {
            String doing = decision.steps().isEmpty() ? String.join("; ", decision.plan().pending())
                    : decision.steps().size() + " step(s) toward " + master.name();
            return Verdicts.progressing("Converging", doing);
        }
        List<String> lagging = new ArrayList<>();
        List<String> behind = servers.nodes().stream()
                .filter(n -> n != master && !(n.reachable() && n.redis().follows(master.endpoint()) && n.linkUp() && !n.syncing()))
                .map(ServerNode::name)
                .toList();
        if (!behind.isEmpty()) {
            lagging.add(String.join(", ", behind) + " not caught up with " + master.name() + " yet");
        }
        if (servers.nodes().size() < desiredServers) {
            lagging.add((desiredServers - servers.nodes().size()) + " pod(s) not running yet");
        }
        if (!lagging.isEmpty()) {
            return Verdicts.progressing("ReplicasNotInSync", String.join("; ", lagging));
        }
        if (!sentinelGaps.isEmpty()) {
            return Verdicts.progressing("SentinelsNotReady", String.join("; ", sentinelGaps));
        }
        if (sentinelDecision.isPresent() && !sentinelDecision.get().steps().isEmpty()) {
            return Verdicts.readyConverging("MasterServing", ready, "ConfiguringSentinels", sentinelDecision.get().steps().size() + " Sentinel step(s)");
        }
        if (!decision.plan().warnings().isEmpty()) {
            return Verdicts.ready("MasterServing", ready, "Withheld", String.join("; ", decision.plan().warnings()));
        }
        return Verdicts.ready("MasterServing", ready, null, null);
    }

    private RedisReplicationStatus.ConnectionInfo connectionInfo(RedisReplication cr, RedisReplicationModel model, Watchers watchers) {
        String suffix = "." + cr.getMetadata().getNamespace() + ".svc." + options.clusterDomain();
        RedisReplicationStatus.ConnectionInfo info = new RedisReplicationStatus.ConnectionInfo();
        if (model.sentinels().isPresent() && model.sentinelMonitor().isPresent()) {
            info.host = model.sentinels().get().headlessServiceName() + suffix;
            info.port = SentinelGroup.PORT;
            info.masterName = model.sentinelMonitor().get().masterGroupName();
        } else if (watchers.external().isPresent()) {
            info.host = watchers.external().get().sentinelService() + suffix;
            info.port = SentinelGroup.PORT;
            info.masterName = watchers.external().get().group();
        } else {
            info.host = model.masterServiceName() + suffix;
            info.port = model.servers().port();
        }
        return info;
    }

    private RedisReplicationStatus status(RedisReplication cr, List<Verdict> verdicts) {
        RedisReplicationStatus previous = cr.getStatus();
        return status(cr, verdicts, Optional.ofNullable(previous).map(s -> s.masterNode), previous == null ? null : previous.connectionInfo);
    }

    private RedisReplicationStatus status(RedisReplication cr, List<Verdict> verdicts, Optional<String> master, RedisReplicationStatus.ConnectionInfo info) {
        RedisReplicationStatus status = new RedisReplicationStatus();
        status.masterNode = master.orElse(null);
        status.connectionInfo = info;
        status.observedGeneration = cr.getMetadata().getGeneration();
        status.conditions = Conditions.merge(cr.getStatus() == null ? null : cr.getStatus().conditions, verdicts,
                cr.getMetadata().getGeneration() == null ? 0 : cr.getMetadata().getGeneration(), context.clock().instant());
        return status;
    }
}

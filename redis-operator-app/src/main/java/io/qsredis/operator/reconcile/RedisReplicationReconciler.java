package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisReplicationStatus;
import io.qsredis.model.RedisSentinel;
import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.Conditions;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.redis.PasswordHistory;
import io.qsredis.operator.replication.MasterChoice;
import io.qsredis.operator.replication.MasterChoice.Plan;
import io.qsredis.operator.replication.ReplicationExecutor;
import io.qsredis.operator.replication.RoleLabels;
import io.qsredis.operator.replication.SentinelGroup;
import io.qsredis.operator.replication.SentinelPlan;
import io.qsredis.operator.replication.ServerNode;
import io.qsredis.operator.replication.ServerObserver;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.model.InvalidSpecException;
import io.qsredis.renderer.model.RedisReplicationModel;
import io.qsredis.renderer.model.RedisSentinelModel;
import io.qsredis.renderer.model.SentinelMonitor;
import io.qsredis.renderer.model.SentinelSetModel;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.resources.RedisReplicationRenderer;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@code RedisReplication}: StatefulSet {@code X} of servers, one master and replicas, and with {@code spec.sentinel}
 * its own Sentinels ({@code X-s}). A pass renders and applies the objects, observes every server (and the Sentinels
 * that watch the replication, its own or a RedisSentinel's), lets {@link MasterChoice} decide the master — the
 * Sentinels' majority when they monitor it — carries out the REPLICAOF steps, moves the {@code redis-role} labels,
 * configures its own Sentinels ({@link SentinelGroup}) and reports the master in {@code status.masterNode} and
 * {@code status.connectionInfo}.
 */
public final class RedisReplicationReconciler implements Reconciler<RedisReplication> {
    public static final PrimaryKind<RedisReplication> KIND = PrimaryKind.of("RedisReplication", RedisReplication.class, SecretNames::of);
    /** With Sentinels deciding (or replicas still syncing), how often a pass looks again. */
    static final Duration FOLLOW_SENTINELS = Duration.ofSeconds(5);
    static final Duration CONVERGING = Duration.ofSeconds(1);

    private final Operator.Context context;
    private final RenderOptions options;
    private final PasswordHistory passwords = new PasswordHistory();
    private final RestartTracker restarts = new RestartTracker();
    /** The master each resource had at its last pass, so that a change is counted once even when the cache lags. */
    private final Map<ResourceKey, String> lastMaster = new ConcurrentHashMap<>();
    private final SentinelGroup sentinels;

    public RedisReplicationReconciler(Operator.Context context, RenderOptions options) {
        this.context = context;
        this.options = options;
        this.sentinels = new SentinelGroup(context);
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
        sentinels.forget(key);
        lastMaster.remove(key);
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
        DesiredState.apply(context, cr, RedisReplicationRenderer.render(model));

        String namespace = cr.getMetadata().getNamespace();
        ResourceKey key = ResourceKey.of(cr);
        List<Pod> pods = context.watches().pods().list(namespace);
        Optional<String> desiredPassword = password.flatMap(Passwords.Desired::value);
        List<Optional<String>> candidates = passwords.candidates(key, desiredPassword);
        ServerObserver.Observation servers = ServerObserver.observe(pods, server.name(), server.port(), candidates, restarts);
        if (!servers.stalePassword().isEmpty()) {
            ReplicationExecutor.rotatePasswords(servers.nodes(), server.port(), candidates, desiredPassword);
            context.events().normal(cr, "PasswordRotated", "applied the password of the Secret live (CONFIG SET masterauth, requirepass) to "
                    + String.join(", ", servers.stalePassword()));
        }
        servers.nodes().stream().filter(ServerNode::reachable).findAny().ifPresent(any -> passwords.accepted(key, desiredPassword));

        Watchers watchers = watchers(cr, model, pods, sentinelPassword.flatMap(Passwords.Desired::value), desiredPassword);
        Optional<String> previous = Optional.ofNullable(cr.getStatus()).map(s -> s.masterNode);
        Plan plan = MasterChoice.plan(servers.nodes(), previous, watchers.view(), server.redis().persistence(), server.port());
        try {
            ReplicationExecutor.execute(plan.steps(), server.port(), passwords.candidates(key, desiredPassword));
        } catch (JedisException e) {
            context.events().warning(cr, "ReplicationStepFailed", String.valueOf(e.getMessage()));
            throw e;
        }
        reportDecision(cr, plan, previous);
        RoleLabels.apply(context.applier(), namespace, servers.nodes(), plan.master());

        Optional<SentinelPlan.Plan> sentinelPlan = watchers.own().map(own -> sentinels.reconcile(cr, own.members(), own.observation(),
                own.settings(), plan.master().filter(ServerNode::isMaster).flatMap(ServerNode::ip).map(ip -> ip + ":" + server.port()),
                pods, server.name(), server.port()));

        List<String> sentinelGaps = watchers.own().map(own -> sentinelGaps(own, sentinelPlan, server.replicas())).orElse(List.of());
        List<Verdict> verdicts = verdicts(plan, servers, server.replicas(), sentinelPlan, sentinelGaps);
        context.status().write(cr, status(cr, verdicts, plan.master().map(ServerNode::name).or(() -> previous), connectionInfo(cr, model, watchers)));
        int connected = plan.master().flatMap(ServerNode::info).map(info -> info.connectedReplicas()).orElse(0);
        context.metrics().observed(key, verdicts.get(0).holds(), connected);
        servers.nodes().forEach(node -> restarts.remember(node.pod()));
        restarts.retainOnly(servers.nodes().stream().map(n -> n.pod().uid()).collect(Collectors.toSet()));

        boolean converged = plan.converged() && sentinelPlan.map(SentinelPlan.Plan::converged).orElse(true);
        if (!converged) {
            return Outcome.requeueAfter(CONVERGING);
        }
        // Replicas syncing and Sentinels discovering replicas change nothing the informers see: look again.
        boolean healthy = verdicts.stream().anyMatch(v -> v.type().equals(Conditions.DEGRADED) && !v.holds());
        return watchers.any() || !healthy ? Outcome.requeueAfter(FOLLOW_SENTINELS) : Outcome.done();
    }

    /** Sentinels that watch this replication: its own (spec.sentinel), and those of RedisSentinels naming it. */
    private record Watchers(Optional<Own> own, Optional<MasterChoice.SentinelView> view, Optional<ExternalGroup> external) {
        boolean any() {
            return own.isPresent() || external.isPresent();
        }
    }

    private record Own(SentinelGroup.Members members, SentinelGroup.Observation observation, SentinelPlan.Settings settings) {}

    private record ExternalGroup(String sentinelName, String group) {}

    private Watchers watchers(RedisReplication cr, RedisReplicationModel model, List<Pod> pods, Optional<String> sentinelPassword, Optional<String> masterPassword) {
        if (model.sentinels().isPresent() && model.sentinelMonitor().isPresent()) {
            SentinelSetModel set = model.sentinels().get();
            SentinelMonitor monitor = model.sentinelMonitor().get();
            SentinelGroup.Members members = new SentinelGroup.Members(set.name(), set.replicas(), sentinelPassword);
            SentinelGroup.Observation observation = sentinels.observe(cr, pods, members, monitor.masterGroupName(), masterPassword);
            SentinelPlan.Settings settings = new SentinelPlan.Settings(monitor.masterGroupName(), monitor.quorum(),
                    monitor.downAfterMilliseconds(), monitor.failoverTimeout(), monitor.parallelSyncs(), masterPassword, false);
            return new Watchers(Optional.of(new Own(members, observation, settings)), observation.view(set.replicas()), Optional.empty());
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
            SentinelGroup.Members members = new SentinelGroup.Members(sentinelModel.sentinels().name(), sentinelModel.sentinels().replicas(), ownPassword);
            SentinelGroup.Observation observation = sentinels.observe(watcher, pods, members, sentinelModel.monitor().masterGroupName(), Optional.empty());
            ExternalGroup external = new ExternalGroup(sentinelModel.sentinels().name(), sentinelModel.monitor().masterGroupName());
            return new Watchers(Optional.empty(), observation.view(sentinelModel.sentinels().replicas()), Optional.of(external));
        }
        return new Watchers(Optional.empty(), Optional.empty(), Optional.empty());
    }

    private void reportDecision(RedisReplication cr, Plan plan, Optional<String> previous) {
        List<String> repointed = new ArrayList<>();
        for (MasterChoice.Step step : plan.steps()) {
            if (step instanceof MasterChoice.Promote promote) {
                context.events().normal(cr, "Promoted", promote.node().name() + " is master now: " + plan.reason().message());
            } else if (step instanceof MasterChoice.PauseWrites pause) {
                context.events().warning(cr, "WritesPaused", pause.node().name() + ": " + plan.reason().message());
            } else {
                repointed.add(step.node().name());
            }
        }
        if (!repointed.isEmpty()) {
            context.events().normal(cr, "Repointed", String.join(", ", repointed) + " now replicate " + plan.master().map(ServerNode::name).orElse("?"));
        }
        Optional<String> now = plan.master().map(ServerNode::name);
        Optional<String> before = Optional.ofNullable(lastMaster.get(ResourceKey.of(cr))).or(() -> previous);
        if (now.isPresent() && before.isPresent() && !now.equals(before)) {
            context.metrics().masterChanged(ResourceKey.of(cr));
            context.events().normal(cr, "MasterChanged", "master moved from " + before.get() + " to " + now.get() + ": " + plan.reason().message());
        }
        now.ifPresent(name -> lastMaster.put(ResourceKey.of(cr), name));
    }

    /** What keeps the replication's own Sentinels from being able to fail over: missing Sentinels, unknown replicas. */
    private static List<String> sentinelGaps(Own own, Optional<SentinelPlan.Plan> plan, int servers) {
        List<String> gaps = new ArrayList<>();
        Optional<String> target = plan.flatMap(SentinelPlan.Plan::target);
        long monitoring = target.map(own.observation()::monitoring).orElse(0L);
        if (monitoring < own.members().desired()) {
            gaps.add(monitoring + "/" + own.members().desired() + " Sentinels monitor the master");
        }
        target.map(t -> own.observation().discoveringReplicas(t, servers - 1)).filter(names -> !names.isEmpty())
                .ifPresent(names -> gaps.add(String.join(", ", names) + " do not know every replica yet (a failover needs one they know)"));
        return gaps;
    }

    private static List<Verdict> verdicts(Plan plan, ServerObserver.Observation servers, int desiredServers, Optional<SentinelPlan.Plan> sentinelPlan,
            List<String> sentinelGaps) {
        if (plan.master().isEmpty() || !plan.master().get().isMaster()) {
            String reason = plan.reason() == MasterChoice.Reason.SENTINEL_FAILOVER_IN_PROGRESS ? "FailoverInProgress" : "NoMaster";
            return Verdicts.progressing(reason, plan.reason().message());
        }
        String master = plan.master().get().name();
        String ready = master + " is master: " + plan.reason().message();
        if (!plan.steps().isEmpty()) {
            return Verdicts.readyConverging("MasterServing", ready, "Repointing", plan.steps().size() + " server(s) being pointed at " + master);
        }
        if (sentinelPlan.isPresent() && !sentinelPlan.get().converged()) {
            return Verdicts.readyConverging("MasterServing", ready, "ConfiguringSentinels", sentinelPlan.get().reason().message());
        }
        List<String> lagging = new ArrayList<>(servers.nodes().stream()
                .filter(n -> n != plan.master().get() && !(n.reachable() && n.info().get().linkUp()))
                .map(ServerNode::name).toList());
        if (servers.nodes().size() < desiredServers) {
            lagging.add((desiredServers - servers.nodes().size()) + " pod(s) not created yet");
        }
        if (!servers.unauthenticated().isEmpty()) {
            return Verdicts.ready("MasterServing", ready, "AuthenticationFailed", String.join(", ", servers.unauthenticated())
                    + " accept neither the password of the Secret nor one the operator knows; restart them to load the Secret's");
        }
        if (!lagging.isEmpty()) {
            return Verdicts.ready("MasterServing", ready, "ReplicasNotInSync", String.join(", ", lagging) + " not replicating " + master + " yet");
        }
        if (!sentinelGaps.isEmpty()) {
            return Verdicts.ready("MasterServing", ready, "SentinelsNotReady", String.join("; ", sentinelGaps));
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
            info.host = watchers.external().get().sentinelName() + suffix;
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

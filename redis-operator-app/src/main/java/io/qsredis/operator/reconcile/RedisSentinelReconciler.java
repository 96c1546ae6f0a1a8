package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.RedisSentinelStatus;
import io.qsredis.operator.Operator;
import io.qsredis.operator.acl.OperatorAcl;
import io.qsredis.operator.kube.Conditions;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.replication.SentinelDecision;
import io.qsredis.operator.replication.SentinelGroup;
import io.qsredis.operator.replication.SentinelSettings;
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
import io.qsredis.renderer.model.SentinelMonitor;
import io.qsredis.renderer.model.SentinelSetModel;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.resources.Ports;
import io.qsredis.renderer.resources.RedisSentinelRenderer;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.sentinel.SentinelPlanner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code RedisSentinel}: StatefulSet {@code X-sentinel} of Sentinels watching the RedisReplication named by
 * {@code redisSentinelConfig.redisReplicationName}. A pass renders and applies the objects, then lets
 * {@link SentinelGroup} point every Sentinel at the master (the one the replication reports, until a majority of
 * Sentinels has its own view, which then wins), with the group's settings and the replication's password (with ACLs,
 * the replication's operator user and its password). A change
 * that needs a restart rolls one Sentinel at a time, highest ordinal first, the next only once the restarted one
 * monitors the master again, so that the group never drops below its quorum.
 */
public final class RedisSentinelReconciler implements Reconciler<RedisSentinel> {
    public static final PrimaryKind<RedisSentinel> KIND = new PrimaryKind<>("RedisSentinel", RedisSentinel.class, SecretNames::of,
            s -> s.getSpec() == null || s.getSpec().redisSentinelConfig == null || s.getSpec().redisSentinelConfig.redisReplicationName == null
                    ? Set.of()
                    : Set.of(new ResourceKey("RedisReplication", s.getMetadata().getNamespace(), s.getSpec().redisSentinelConfig.redisReplicationName)));
    static final Duration FOLLOW = Duration.ofSeconds(5);
    static final Duration CONVERGING = Duration.ofSeconds(1);

    private final Operator.Context context;
    private final RenderOptions options;
    private final SentinelGroup sentinels;
    private final Rollouts rollouts;

    public RedisSentinelReconciler(Operator.Context context, RenderOptions options) {
        this.context = context;
        this.options = options;
        this.sentinels = new SentinelGroup(context);
        this.rollouts = new Rollouts(context);
    }

    @Override
    public PrimaryKind<RedisSentinel> kind() {
        return KIND;
    }

    @Override
    public String finalizer() {
        return "redisSentinelFinalizer";
    }

    @Override
    public List<String> statefulSetsWithData(RedisSentinel resource) {
        return List.of();
    }

    @Override
    public boolean keepsDataAfterDelete(RedisSentinel resource) {
        return false;
    }

    @Override
    public void forget(ResourceKey key) {
        sentinels.forget(key);
        rollouts.forget(key);
    }

    @Override
    public Outcome reconcile(RedisSentinel cr) {
        Optional<String> specErrors = Passes.specErrors(context, cr);
        if (specErrors.isPresent()) {
            return Passes.invalidSpec(context, cr, specErrors.get(), this::status);
        }
        RedisSentinelModel model;
        try {
            model = RedisSentinelModel.fromCr(cr, options);
        } catch (InvalidSpecException e) {
            return Passes.invalidSpec(context, cr, e, this::status);
        }
        SentinelSetModel set = model.sentinels();
        SentinelMonitor monitor = model.monitor();
        Optional<Passwords.Desired> own = Passwords.desired(context, cr, set.password());
        Optional<Passwords.Desired> master = Passwords.desired(context, cr, monitor.masterPassword());
        for (Optional<Passwords.Desired> desired : List.of(own, master)) {
            if (desired.isPresent() && desired.get().missing().isPresent()) {
                return Passes.secretMissing(context, cr, desired.get().missing().get(), this::status);
            }
        }
        Optional<TlsMaterial.Check> tls = TlsSecrets.check(context, cr, set.tls());
        if (tls.isPresent() && tls.get().problem().isPresent()) {
            return Passes.tlsSecretInvalid(context, cr, tls.get().problem().get(), this::status);
        }
        DesiredObjects desired = RedisSentinelRenderer.render(model);
        List<String> refused = DesiredState.apply(context, cr, desired);

        String namespace = cr.getMetadata().getNamespace();
        Optional<RedisReplication> replication = context.watches().primaries(RedisReplication.class).get(namespace, monitor.replicationName());
        if (replication.isEmpty()) {
            write(cr, Verdicts.progressing("ReplicationNotFound", "RedisReplication " + monitor.replicationName() + " does not exist"), null);
            return Outcome.done();
        }
        ServerSetModel servers;
        try {
            servers = RedisReplicationModel.fromCr(replication.get(), options).servers();
        } catch (InvalidSpecException e) {
            write(cr, Verdicts.progressing("ReplicationInvalid", "RedisReplication " + monitor.replicationName() + " has an invalid spec"), null);
            return Outcome.done();
        }
        List<Pod> pods = context.watches().pods().list(namespace);
        LeftBehindPodServices.delete(context, cr, pods, set.name(), set.replicas());
        int port = monitor.redisPort();
        // The servers as their replication names them (what they announce), and the Sentinels as they announce themselves.
        PodAnnouncements serverAddresses = PodAnnouncements.of(context.watches(), namespace, pods, servers.name(), "redis",
                servers.service().podServiceType(), Ports.REDIS_CLIENT, port);
        PodAnnouncements sentinelAddresses = PodAnnouncements.of(context.watches(), namespace, pods, set.name(), "sentinel",
                set.service().podServiceType(), Ports.SENTINEL_CLIENT, set.port());
        List<String> pending = new ArrayList<>(serverAddresses.pending(pods));
        pending.addAll(sentinelAddresses.pending(pods));
        if (!pending.isEmpty()) {
            String why = "waiting for the addresses the pods announce outside the Kubernetes cluster: " + String.join("; ", pending);
            context.events().normal(cr, "AnnounceAddressPending", why);
            write(cr, Verdicts.progressing("AnnounceAddressPending", why), cr.getStatus() == null ? null : cr.getStatus().masterAddress);
            return Outcome.requeueAfter(CONVERGING);
        }
        List<ObservedPod> serverPods = pods.stream().filter(p -> ObservedPod.belongsTo(p, servers.name()))
                .map(p -> ObservedPod.of(p, servers.name(), "redis")).toList();
        Optional<String> masterNode = Optional.ofNullable(replication.get().getStatus()).map(s -> s.masterNode);
        Optional<Endpoint> observedMaster = serverPods.stream().filter(pod -> masterNode.map(pod.name()::equals).orElse(false)).findFirst()
                .filter(ObservedPod::serving)
                .flatMap(serverAddresses::endpoint);
        SentinelGroup.Members members = new SentinelGroup.Members(set.name(), set.replicas(), own.flatMap(Passwords.Desired::value),
                tls.flatMap(TlsMaterial.Check::material).map(TlsMaterial::socketFactory));
        SentinelGroup.Observation observation = sentinels.observe(cr, pods, members, monitor.masterGroupName(), sentinelAddresses::endpoint);
        sentinels.announce(cr, members, observation, pod -> sentinelAddresses.outside(pod.name()));
        Optional<Endpoint> majority = observation.majority(monitor.masterGroupName());
        // A majority naming an address no running server has, while the replication has a master elsewhere: that master
        // was promoted by the operator because these Sentinels could not fail the gone one over. They follow it. Not while
        // they know a live replica to promote: then the gone master's pod may just be back, empty, at a new address, still
        // named master by a status the replication has not rewritten yet, and the Sentinels fail it over themselves.
        boolean overrule = majority.isPresent() && observedMaster.isPresent() && !majority.equals(observedMaster)
                && !runningServerAt(serverPods, serverAddresses, majority.get())
                && !SentinelPlanner.knowsALiveReplica(observation.sentinels(), majority.get(),
                        replicaPods(serverPods, serverAddresses, observedMaster.get()).keySet());
        Optional<Endpoint> target = overrule ? observedMaster : majority.or(() -> observedMaster);
        if (target.isEmpty()) {
            write(cr, Verdicts.progressing("NoMaster", "RedisReplication " + monitor.replicationName() + " has no master yet"), null);
            return Outcome.requeueAfter(CONVERGING);
        }
        // With ACLs the Sentinels log in as the replication's operator user: its user's file may restrict the default user.
        Optional<String> authUser = servers.redis().acl().map(acl -> OperatorAclUser.NAME);
        Optional<String> authPass = authUser.isPresent()
                ? OperatorAcl.ownPassword(context, namespace, monitor.replicationName(), RedisReplicationReconciler.KIND.kind())
                : master.flatMap(Passwords.Desired::value);
        if (authUser.isPresent() && authPass.isEmpty()) {
            write(cr, Verdicts.progressing("ReplicationNotReady", "RedisReplication " + monitor.replicationName()
                    + " has ACLs and its operator's ACL Secret does not exist yet"), null);
            return Outcome.requeueAfter(CONVERGING);
        }
        SentinelDecision decision = sentinels.reconcile(cr, members, observation,
                SentinelSettings.of(monitor).withMaster(target.get(), authUser, authPass), pods, servers.name(), serverAddresses::endpoint, overrule);

        Endpoint current = decision.target().orElse(target.get());
        long agreeing = observation.monitoring(current);
        String monitoring = agreeing + "/" + set.replicas() + " Sentinels monitor " + current;
        Map<Endpoint, String> replicas = replicaPods(serverPods, serverAddresses, current);
        List<String> gaps = observation.failoverGaps(current, replicas.keySet(), endpoint -> replicas.getOrDefault(endpoint, endpoint.toString()));
        boolean failingOver = decision.failover() || SentinelPlanner.failoverInProgress(observation.sentinels());
        Optional<String> configuring = decision.converged() ? Optional.empty()
                : Optional.of(!decision.steps().isEmpty() ? decision.steps().size() + " Sentinel step(s)"
                        : decision.authPassPending() ? "the new master password waits until the master accepts it"
                        : decision.plan().pending().isEmpty() ? "the group is not healthy yet" : String.join("; ", decision.plan().pending()));
        List<Verdict> verdicts = verdicts(failingOver, monitoring, agreeing, set.replicas(), configuring, gaps);
        Optional<String> hold = failingOver ? Optional.of("a failover is under way")
                : !decision.converged() ? Optional.of("the Sentinels are being configured") : Optional.empty();
        CertificateRenewal renewal = Passes.renewCertificates(context, cr, tls.flatMap(TlsMaterial.Check::material),
                RedisReplicationReconciler.sentinelProcesses(observation), sentinels.login(cr, members));
        List<RolloutMember> sentinelPods = observation.rolloutMembers(Optional.of(current),
                pod -> Rollouts.reasons(pod, desired, set.name(), renewal));
        RolloutDecision rollout = RolloutDecision.decide(sentinelPods, hold.or(() -> rollouts.templatePending(cr, desired, List.of(set.name()), sentinelPods)),
                rollouts.restarting(cr), Rollouts.operatorRestarts(desired, set.name()));
        rollout.step().ifPresent(step -> rollouts.restart(cr, rollout, (RolloutDecision.Restart) step, ""));
        verdicts = Verdicts.withRefusals(Verdicts.withRollout(verdicts, rollout), refused);
        write(cr, verdicts, current.toString());
        boolean ready = Verdicts.readyHolds(verdicts);
        context.metrics().observed(ResourceKey.of(cr), ready, (int) observation.answering());
        return Outcome.requeueAfter(decision.converged() && rollout.upToDate() && ready ? FOLLOW : CONVERGING);
    }

    /**
     * Ready only when a failover could happen now: a majority monitors the master, no failover is under way, and every
     * Sentinel monitors it, knows every replica at its current address and the other Sentinels. Pure.
     *
     * @param configuring what the operator still tells the Sentinels, if anything
     * @param gaps what each Sentinel lacks for a failover ({@link SentinelGroup.Observation#failoverGaps})
     */
    static List<Verdict> verdicts(boolean failingOver, String monitoring, long agreeing, int sentinels, Optional<String> configuring,
            List<String> gaps) {
        if (failingOver) {
            return Verdicts.progressing("Failover", "a failover is under way; " + monitoring);
        }
        if (agreeing <= sentinels / 2) {
            return Verdicts.progressing("Configuring", monitoring);
        }
        if (!gaps.isEmpty()) {
            return Verdicts.progressing("FailoverNotPossibleYet", String.join("; ", gaps));
        }
        if (configuring.isPresent()) {
            return Verdicts.readyConverging("Monitoring", monitoring, "Configuring", configuring.get());
        }
        return Verdicts.ready("Monitoring", monitoring, null, null);
    }

    /** Whether a running server pod of the replication is reached at {@code endpoint}. */
    private static boolean runningServerAt(List<ObservedPod> serverPods, PodAnnouncements addresses, Endpoint endpoint) {
        return serverPods.stream().anyMatch(pod -> pod.live() && addresses.endpoint(pod).map(endpoint::equals).orElse(false));
    }

    /** The replication's ready server pods other than the master, by their endpoint: those a failover could promote. */
    private static Map<Endpoint, String> replicaPods(List<ObservedPod> serverPods, PodAnnouncements addresses, Endpoint master) {
        Map<Endpoint, String> replicas = new java.util.TreeMap<>();
        serverPods.stream()
                .filter(ObservedPod::serving)
                .forEach(pod -> addresses.endpoint(pod).filter(e -> !e.equals(master)).ifPresent(e -> replicas.put(e, pod.name())));
        return replicas;
    }

    private void write(RedisSentinel cr, List<Verdict> verdicts, String masterAddress) {
        RedisSentinelStatus status = status(cr, verdicts);
        status.masterAddress = masterAddress;
        context.status().write(cr, status);
    }

    private RedisSentinelStatus status(RedisSentinel cr, List<Verdict> verdicts) {
        RedisSentinelStatus status = new RedisSentinelStatus();
        status.masterAddress = cr.getStatus() == null ? null : cr.getStatus().masterAddress;
        status.observedGeneration = cr.getMetadata().getGeneration();
        status.conditions = Conditions.merge(cr.getStatus() == null ? null : cr.getStatus().conditions, verdicts,
                cr.getMetadata().getGeneration() == null ? 0 : cr.getMetadata().getGeneration(), context.clock().instant());
        return status;
    }
}

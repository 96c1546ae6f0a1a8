package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.RedisSentinelStatus;
import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.Conditions;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.replication.SentinelGroup;
import io.qsredis.operator.replication.SentinelPlan;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.model.InvalidSpecException;
import io.qsredis.renderer.model.RedisReplicationModel;
import io.qsredis.renderer.model.RedisSentinelModel;
import io.qsredis.renderer.model.SentinelMonitor;
import io.qsredis.renderer.model.SentinelSetModel;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.resources.RedisSentinelRenderer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code RedisSentinel}: StatefulSet {@code X-sentinel} of Sentinels watching the RedisReplication named by
 * {@code redisSentinelConfig.redisReplicationName}. A pass renders and applies the objects, then lets
 * {@link SentinelGroup} point every Sentinel at the master (the one the replication reports, until a majority of
 * Sentinels has its own view, which then wins), with the group's settings and the replication's password.
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

    public RedisSentinelReconciler(Operator.Context context, RenderOptions options) {
        this.context = context;
        this.options = options;
        this.sentinels = new SentinelGroup(context);
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
        DesiredState.apply(context, cr, RedisSentinelRenderer.render(model));

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
        int port = monitor.redisPort();
        Optional<String> observedMaster = Optional.ofNullable(replication.get().getStatus()).map(s -> s.masterNode)
                .flatMap(name -> context.watches().pods().get(namespace, name))
                .map(pod -> ObservedPod.of(pod, servers.name(), "redis"))
                .filter(ObservedPod::ready)
                .flatMap(ObservedPod::ip)
                .map(ip -> ip + ":" + port);
        Optional<String> masterPassword = master.flatMap(Passwords.Desired::value);
        SentinelGroup.Members members = new SentinelGroup.Members(set.name(), set.replicas(), own.flatMap(Passwords.Desired::value));
        SentinelGroup.Observation observation = sentinels.observe(cr, pods, members, monitor.masterGroupName(), masterPassword);
        SentinelPlan.Settings settings = new SentinelPlan.Settings(monitor.masterGroupName(), monitor.quorum(), monitor.downAfterMilliseconds(),
                monitor.failoverTimeout(), monitor.parallelSyncs(), masterPassword, false);
        SentinelPlan.Plan plan = sentinels.reconcile(cr, members, observation, settings, observedMaster, pods, servers.name(), port);

        long answering = observation.nodes().stream().filter(SentinelPlan.SentinelNode::reachable).count();
        long agreeing = plan.target().map(observation::monitoring).orElse(0L);
        List<Verdict> verdicts;
        if (plan.target().isEmpty()) {
            verdicts = Verdicts.progressing("NoMaster", plan.reason().message());
        } else if (plan.reason() == SentinelPlan.Reason.FAILOVER_IN_PROGRESS || plan.reason() == SentinelPlan.Reason.FAILOVER_STARTED) {
            verdicts = Verdicts.readyConverging("Monitoring", agreeing + "/" + set.replicas() + " Sentinels monitor " + plan.target().get(),
                    "Failover", plan.reason().message());
        } else if (!plan.converged() || agreeing <= set.replicas() / 2) {
            verdicts = agreeing > set.replicas() / 2
                    ? Verdicts.readyConverging("Monitoring", agreeing + "/" + set.replicas() + " Sentinels monitor " + plan.target().get(),
                            "Configuring", plan.reason().message())
                    : Verdicts.progressing("Configuring", agreeing + "/" + set.replicas() + " Sentinels monitor " + plan.target().get());
        } else if (!observation.discoveringReplicas(plan.target().get(), servers.replicas() - 1).isEmpty()) {
            verdicts = Verdicts.ready("Monitoring", agreeing + "/" + set.replicas() + " Sentinels monitor " + plan.target().get(),
                    "DiscoveringReplicas", String.join(", ", observation.discoveringReplicas(plan.target().get(), servers.replicas() - 1))
                            + " know fewer than " + (servers.replicas() - 1) + " replicas yet; a failover needs one they know");
        } else if (answering < set.replicas() || agreeing < set.replicas()) {
            verdicts = Verdicts.ready("Monitoring", agreeing + "/" + set.replicas() + " Sentinels monitor " + plan.target().get(),
                    "SentinelsMissing", (set.replicas() - agreeing) + " Sentinel(s) do not monitor the master yet");
        } else {
            verdicts = Verdicts.ready("Monitoring", agreeing + "/" + set.replicas() + " Sentinels monitor " + plan.target().get(), null, null);
        }
        write(cr, verdicts, plan.target().orElse(null));
        context.metrics().observed(ResourceKey.of(cr), verdicts.get(0).holds(), (int) answering);
        return Outcome.requeueAfter(plan.converged() ? FOLLOW : CONVERGING);
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

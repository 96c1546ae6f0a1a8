package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisClusterStatus;
import io.qsredis.model.RedisClusterStatus.RedisClusterState;
import io.qsredis.operator.Operator;
import io.qsredis.operator.acl.OperatorAcl;
import io.qsredis.operator.kube.Conditions;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.redis.LiveConfig;
import io.qsredis.operator.redis.Login;
import io.qsredis.operator.redis.PasswordHistory;
import io.qsredis.operator.redis.PasswordRotation;
import io.qsredis.operator.rollout.RolloutDecision;
import io.qsredis.operator.rollout.RolloutMember;
import io.qsredis.operator.rollout.Rollouts;
import io.qsredis.operator.tls.CertificateRenewal;
import io.qsredis.operator.tls.TlsMaterial;
import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.impact.RestartReason;
import io.qsredis.renderer.model.AclSettings;
import io.qsredis.renderer.model.InvalidSpecException;
import io.qsredis.renderer.model.RedisClusterModel;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.resources.Ports;
import io.qsredis.renderer.resources.RedisClusterRenderer;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterPlan;
import io.qsredis.topology.cluster.ClusterPlanner;
import io.qsredis.topology.cluster.ClusterShape;
import io.qsredis.topology.cluster.ClusterStep;
import io.qsredis.topology.cluster.NodeSpec;
import io.qsredis.topology.cluster.ObservedCluster;
import io.qsredis.topology.exec.ClusterExecutor;
import io.qsredis.topology.exec.ClusterObserver;
import io.qsredis.topology.exec.ClusterProgressListener;
import io.qsredis.topology.exec.ExecutorOptions;
import io.qsredis.topology.exec.RedisConnectionSettings;
import io.qsredis.topology.exec.RedisConnector;
import io.qsredis.topology.exec.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@code RedisCluster}: StatefulSets {@code X-leader} and {@code X-follower}. A pass renders and applies the objects;
 * once every desired pod of both is ready, it observes the nodes ({@code CLUSTER NODES}), lets redis-topology's
 * {@link ClusterPlanner} plan toward {@code clusterSize} masters with the followers spread over them as replicas, and
 * carries out every safe step and at most one disruptive one (a failover, a migration), never waiting inside the pass:
 * the next pass looks again. While a pod is missing or not ready the topology is left alone (Redis Cluster fails a
 * dead master over by itself); a pod that comes back at a new address is met again, one that comes back empty joins
 * as a replica and the node it replaced is forgotten. Scale-out adds shards and moves slots to them; scale-in first
 * drains the leaving pods (their slots move to the staying masters, the staying nodes forget them) and only then shrinks
 * the StatefulSets, so that no slot leaves with its pod. A change that needs a restart rolls once the cluster has
 * converged ({@link ClusterRollout}, {@link RolloutDecision}): replicas first, one at a time, each once every node is
 * settled again; each master after a graceful {@code CLUSTER FAILOVER} to its caught-up replica, so its slots stay
 * served; a restarted node rejoins with its {@code nodes.conf} (or is met again at its new address). A changed
 * password Secret is applied live to every node ({@link PasswordRotation}), the old password kept in the resource's
 * password history so that a rotation an operator restart cut short resumes.
 */
public final class RedisClusterReconciler implements Reconciler<RedisCluster> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterReconciler.class);
    public static final PrimaryKind<RedisCluster> KIND = PrimaryKind.of("RedisCluster", RedisCluster.class, SecretNames::of);

    private final Operator.Context context;
    private final RenderOptions options;
    private final ClusterPlanner planner = new ClusterPlanner();
    private final Rollouts rollouts;
    private final PasswordHistory passwords;
    private final LiveConfig liveConfig = new LiveConfig();
    private final RestartTracker restarts = new RestartTracker();
    private final OperatorAcl acl;
    private final Map<String, Optional<String>> zones = new ConcurrentHashMap<>();
    private final PassLog passLog = new PassLog();

    public RedisClusterReconciler(Operator.Context context, RenderOptions options) {
        this.context = context;
        this.options = options;
        this.rollouts = new Rollouts(context);
        this.passwords = new PasswordHistory(new SecretPasswordStore(context, "redis"));
        this.acl = new OperatorAcl(context);
    }

    @Override
    public void forget(ResourceKey key) {
        rollouts.forget(key);
        passwords.forget(key);
        acl.forget(key);
        passLog.forget(key);
    }

    @Override
    public PrimaryKind<RedisCluster> kind() {
        return KIND;
    }

    @Override
    public String finalizer() {
        return "redisClusterFinalizer";
    }

    @Override
    public List<String> statefulSetsWithData(RedisCluster resource) {
        String name = resource.getMetadata().getName();
        return List.of(name + "-leader", name + "-follower");
    }

    @Override
    public boolean keepsDataAfterDelete(RedisCluster resource) {
        return resource.getSpec() != null && resource.getSpec().storage != null && Boolean.TRUE.equals(resource.getSpec().storage.keepAfterDelete);
    }

    @Override
    public Outcome reconcile(RedisCluster cr) {
        Optional<String> specErrors = Passes.specErrors(context, cr);
        if (specErrors.isPresent()) {
            return Passes.invalidSpec(context, cr, specErrors.get(), this::status);
        }
        RedisClusterModel model;
        try {
            model = RedisClusterModel.fromCr(cr, options);
        } catch (InvalidSpecException e) {
            return Passes.invalidSpec(context, cr, e, this::status);
        }
        Optional<Passwords.Desired> password = Passwords.desired(context, cr, model.leaders().redis().password());
        if (password.isPresent() && password.get().missing().isPresent()) {
            return Passes.secretMissing(context, cr, password.get().missing().get(), this::status);
        }
        Optional<TlsMaterial.Check> tls = TlsSecrets.check(context, cr, model.leaders().redis().tls());
        if (tls.isPresent() && tls.get().problem().isPresent()) {
            return Passes.tlsSecretInvalid(context, cr, tls.get().problem().get(), this::status);
        }
        Optional<String> desiredPassword = password.flatMap(Passwords.Desired::value);
        Login defaultLogin = Login.of(passwords.candidates(cr, desiredPassword)).withTls(tls.flatMap(TlsMaterial.Check::material).map(TlsMaterial::socketFactory));
        Optional<AclSettings> aclSettings = model.leaders().redis().acl();
        Optional<OperatorAcl.State> aclState = aclSettings.map(settings -> acl.prepare(cr, settings, desiredPassword, defaultLogin.tls()));
        if (aclState.flatMap(OperatorAcl.State::missing).isPresent()) {
            return Passes.secretMissing(context, cr, aclState.get().missing().get(), this::status);
        }
        String namespace = cr.getMetadata().getNamespace();
        List<Pod> pods = context.watches().pods().list(namespace);
        List<ObservedPod> leaders = members(pods, model.leaders());
        List<ObservedPod> followers = members(pods, model.followers());
        int port = model.leaders().port();
        Map<String, Announcement> announcements = announcements(namespace, pods, model);
        // Where the operator and every node reach a node: what it announces (its pod's own Service), else its pod IP.
        Function<ObservedPod, Optional<Endpoint>> endpoints = pod -> announcements.get(pod.name()).endpoint(pod.ip(), port);
        // Scale-in drains first: the StatefulSets keep the pods they run while the planner, given only the staying pods,
        // moves the slots off the leaving ones and forgets them; only then are the StatefulSets shrunk.
        int leaderPods = Math.max(model.leaders().replicas(), running(leaders));
        int followerPods = Math.max(model.followers().replicas(), running(followers));
        boolean scalingIn = leaderPods > model.leaders().replicas() || followerPods > model.followers().replicas();
        DesiredObjects desired = RedisClusterRenderer.render(model);
        hold(desired, model.leaders().name(), leaderPods);
        hold(desired, model.followers().name(), followerPods);
        List<String> refused = DesiredState.apply(context, cr, desired);
        LeftBehindPodServices.delete(context, cr, pods, model.leaders().name(), model.leaders().replicas());
        LeftBehindPodServices.delete(context, cr, pods, model.followers().name(), model.followers().replicas());

        int readyLeaders = (int) leaders.stream().filter(ObservedPod::serving).count();
        int readyFollowers = (int) followers.stream().filter(ObservedPod::serving).count();
        List<ObservedPod> ready = new ArrayList<>();
        leaders.stream().filter(p -> p.ordinal() < leaderPods && p.serving()).forEach(ready::add);
        followers.stream().filter(p -> p.ordinal() < followerPods && p.serving()).forEach(ready::add);
        List<ObservedPod> all = new ArrayList<>(leaders);
        all.addAll(followers);
        Function<ObservedPod, Set<RestartReason>> reasons = pod -> Rollouts.reasons(pod, desired,
                leaders.contains(pod) ? model.leaders().name() : model.followers().name());
        boolean operatorRestarts = Rollouts.operatorRestarts(desired, model.leaders().name());
        Set<Endpoint> fallen = all.stream().filter(p -> p.terminating() || restarts.diedSinceSeen(p)).flatMap(p -> endpoints.apply(p).stream())
                .collect(Collectors.toSet());
        all.forEach(restarts::remember);
        restarts.retainOnly(all.stream().map(ObservedPod::uid).collect(Collectors.toSet()));
        List<HostAndPort> readyNodes = ready.stream().map(p -> new HostAndPort(p.ip().get(), port)).toList();
        // The operator's own ACL user once every node has it; the default user while pods still start without it.
        Login login = OperatorAcl.loginFor(aclState, readyNodes, defaultLogin);
        RedisConnector connector = new RedisConnector(RedisConnectionSettings.builder()
                .password(login.user().isPresent() ? login.passwords().get(0) : desiredPassword).user(login.user())
                .sslSocketFactory(login.tls()).sslParameters(login.tls().map(factory -> TlsMaterial.chainOnly())).build());
        Verdict aclVerdict = aclState.map(state -> state.verdict(Optional.empty())).orElse(null);
        // Every ready node announces its outside address at once, also while others are missing: a node restarted in
        // place lost what it was told to announce, and its peers must not learn another address in the meantime.
        Map<HostAndPort, List<String>> announce = new LinkedHashMap<>();
        ready.forEach(p -> announce.put(new HostAndPort(p.ip().get(), port), announcements.get(p.name()).configLines(true)));
        Passes.Announced announced = Passes.applyAnnouncements(context, cr, liveConfig, announce, login);
        if (ready.size() < leaderPods + followerPods) {
            failFallenMasterOver(cr, all, ready, fallen, endpoints, connector);
            // Never plan with pods missing: the planner would take a member that is only restarting for one that left.
            String waiting = ready.size() + "/" + (leaderPods + followerPods) + " pods ready; the cluster's topology is left alone until all are";
            List<RolloutMember> members = ClusterRollout.members(all, Optional.empty(), endpoints, reasons);
            RolloutDecision rollout = RolloutDecision.decide(members,
                    rollouts.templatePending(cr, desired, List.of(model.leaders().name(), model.followers().name()), members).or(() -> Optional.of(waiting)),
                    rollouts.restarting(cr), operatorRestarts);
            rollout.step().ifPresent(step -> rollouts.restart(cr, rollout, (RolloutDecision.Restart) step, ""));
            return report(cr, ClusterVerdict.podsNotReady(waiting, rollout), readyLeaders, readyFollowers, aclVerdict);
        }

        if (!announced.silent().isEmpty()) {
            // A node that hangs would cost every later step its timeout; the next pass sees whether its pod is going.
            String why = announced.silent().stream().map(HostAndPort::toString).collect(Collectors.joining(", ")) + " did not answer";
            context.events().warning(cr, "ClusterUnreachable", why);
            return report(cr, ClusterVerdict.unreachable(why), readyLeaders, readyFollowers, aclVerdict);
        }
        List<String> pending = ready.stream().map(p -> announcements.get(p.name())).filter(Announcement.Pending.class::isInstance)
                .map(a -> ((Announcement.Pending) a).reason()).toList();
        if (!pending.isEmpty()) {
            // A node announcing an address its clients cannot reach must not form or join the cluster: wait for Kubernetes.
            String why = "waiting for the addresses the nodes announce outside the Kubernetes cluster: " + String.join("; ", pending);
            context.events().normal(cr, "AnnounceAddressPending", why);
            return report(cr, ClusterVerdict.announcePending(why), readyLeaders, readyFollowers, aclVerdict);
        }
        int masters = model.leaders().replicas();
        Map<String, String> domains = FailureDomains.of(ready, this::zoneOf);
        List<ObservedPod> staying = ready.stream()
                .filter(p -> p.ordinal() < (leaders.contains(p) ? model.leaders().replicas() : model.followers().replicas()))
                .toList();
        int replicasPerMaster = Math.max(0, model.followers().replicas() / masters);
        CertificateRenewal renewal = Passes.renewCertificates(context, cr, tls.flatMap(TlsMaterial.Check::material),
                ready.stream().map(p -> new Passes.TlsProcess(p.name(), new HostAndPort(p.ip().get(), port), true)).toList(), login);
        ClusterPlan plan;
        ClusterExecutor.PassResult pass;
        ObservedCluster observed;
        try {
            // A changed Secret, or a rotation an operator restart cut short: every node moves to the desired password first.
            List<HostAndPort> nodes = readyNodes;
            List<HostAndPort> rotated = PasswordRotation.rotate(nodes, login, desiredPassword, aclState.isPresent());
            if (!rotated.isEmpty()) {
                context.events().normal(cr, "PasswordRotated", "applied the password of the Secret live (CONFIG SET masterauth, requirepass) to "
                        + rotated.size() + " node(s)");
            }
            passwords.accepted(cr, desiredPassword);
            Login current = login.user().isPresent() ? login : login.withPasswords(passwords.candidates(cr, desiredPassword));
            Passes.applyLiveConfig(context, cr, liveConfig, model.leaders(), nodes, current);
            if (aclState.isPresent()) {
                Optional<String> aclRefused = acl.applyLive(cr, aclSettings.get(), aclState.get(), nodes, current);
                aclVerdict = aclState.get().verdict(aclRefused);
            }
        } catch (JedisAccessControlException e) {
            String why = "a node accepts neither the password of the Secret nor one the operator knows; restart it to load the Secret's: "
                    + e.getMessage();
            context.events().warning(cr, "AuthenticationFailed", why);
            return report(cr, ClusterVerdict.authenticationFailed(why), readyLeaders, readyFollowers, aclVerdict);
        } catch (JedisException e) {
            String why = "a node stopped answering during the password check: " + e.getMessage();
            context.events().warning(cr, "ClusterUnreachable", why);
            return report(cr, ClusterVerdict.unreachable(why), readyLeaders, readyFollowers, aclVerdict);
        }
        try (ClusterObserver observer = new ClusterObserver(connector);
                ClusterExecutor executor = new ClusterExecutor(connector, ExecutorOptions.defaults(), ClusterProgressListener.NONE)) {
            observed = observer.observe(staying.stream().map(p -> endpoints.apply(p).orElseThrow()).toList());
            // The leader pods are preferred as masters (upstream's contract), a replica kept off its master's node or zone.
            ObservedCluster seen = observed;
            ClusterShape shape = ClusterShape.of(staying.stream().map(p -> new NodeSpec(endpoints.apply(p).orElseThrow(), domains.get(p.name()),
                    preferredMaster(p, leaders, reasons, seen, endpoints))).toList(), masters, replicasPerMaster);
            plan = planner.plan(observed, shape);
            pass = !plan.blocked() ? executor.executePass(plan) : new ClusterExecutor.PassResult(List.of(), Optional.empty());
        } catch (JedisException e) {
            String why = "a node stopped answering during the pass: " + e.getMessage();
            context.events().warning(cr, "ClusterUnreachable", why);
            return report(cr, ClusterVerdict.unreachable(why), readyLeaders, readyFollowers, aclVerdict);
        }
        // Steps that wait (a failover being taken over) count as waiting: the same wait is logged once.
        LOG.atLevel(passLog.level(ResourceKey.of(cr), !pass.done().isEmpty() || pass.failed().isPresent(),
                        Stream.concat(plan.steps().stream().map(ClusterStep::toString), plan.pending().stream()).collect(Collectors.joining("; "))
                                + plan.blockerSummary()))
                .log("namespace={} name={} steps={} done={} pending=\"{}\" blockers=\"{}\"", namespace, cr.getMetadata().getName(),
                        plan.steps().size(), pass.done().size(), String.join("; ", plan.pending()), plan.blockerSummary());
        if (!pass.done().isEmpty()) {
            context.events().normal(cr, "ClusterChanged", pass.done().stream().map(ClusterStep::toString).collect(Collectors.joining("; ")));
        }
        if (plan.blocked()) {
            String why = plan.blockerSummary();
            context.events().warning(cr, "ClusterBlocked", why);
            return report(cr, ClusterVerdict.blocked(plan), readyLeaders, readyFollowers, aclVerdict);
        }
        if (pass.failed().isPresent()) {
            String why = pass.failed().get();
            context.events().warning(cr, "ClusterStepFailed", why);
            return report(cr, ClusterVerdict.stepFailed(why), readyLeaders, readyFollowers, aclVerdict);
        }
        ResourceKey key = ResourceKey.of(cr);
        if (!plan.converged()) {
            context.metrics().observed(key, false, 0);
            // A pass that moved slots or changed roles goes on at once; one that only waits for gossip looks again in a second.
            return report(cr, ClusterVerdict.converging(plan, masters, scalingIn, !pass.done().isEmpty()), readyLeaders, readyFollowers, aclVerdict);
        }
        if (scalingIn) {
            // The leaving nodes own no slot and the staying ones have forgotten them: now the StatefulSets may shrink.
            DesiredState.apply(context, cr, RedisClusterRenderer.render(model));
            context.events().normal(cr, "ScaledIn", "slots drained from the leaving pods; StatefulSets shrunk to "
                    + model.leaders().replicas() + " leaders and " + model.followers().replicas() + " followers");
        }
        List<RolloutMember> members = ClusterRollout.members(all, Optional.of(observed), endpoints, reasons);
        RolloutDecision rollout = RolloutDecision.decide(members,
                rollouts.templatePending(cr, desired, List.of(model.leaders().name(), model.followers().name()), members),
                rollouts.restarting(cr), operatorRestarts);
        roll(cr, rollout, observed, all, endpoints, connector);
        ClusterVerdict verdict = ClusterVerdict.serving(masters, rollout, refused, ClusterRollout.replicasBehind(all, observed, endpoints))
                .withRenewal(renewal);
        context.metrics().observed(key, verdict.ready(), model.followers().replicas());
        return report(cr, verdict, readyLeaders, readyFollowers, aclVerdict);
    }

    private Outcome report(RedisCluster cr, ClusterVerdict verdict, int readyLeaders, int readyFollowers, Verdict aclVerdict) {
        List<Verdict> verdicts = new ArrayList<>(verdict.verdicts());
        if (aclVerdict != null) {
            verdicts.add(aclVerdict);
        }
        write(cr, verdict.state(), readyLeaders, readyFollowers, verdicts);
        return Outcome.requeueAfter(verdict.requeue());
    }

    /**
     * A master whose container died or whose pod is being deleted is failed over to its best replica at once
     * ({@link ClusterFailover}), rather than after {@code cluster-node-timeout}: its slots write again in about a second.
     * Only nodes of pods that exist and have not fallen are asked: a master on its way out may hang (a stopped process,
     * a shutdown that waits for its replicas) and would hold the failover up for the socket timeout.
     */
    private void failFallenMasterOver(RedisCluster cr, List<ObservedPod> all, List<ObservedPod> ready, Set<Endpoint> fallen,
            Function<ObservedPod, Optional<Endpoint>> endpoints, RedisConnector connector) {
        Set<Endpoint> podEndpoints = all.stream().filter(p -> !p.terminating()).flatMap(p -> endpoints.apply(p).stream()).collect(Collectors.toSet());
        List<Endpoint> seeds = ready.stream().flatMap(p -> endpoints.apply(p).stream()).filter(e -> !fallen.contains(e)).toList();
        if (seeds.isEmpty()) {
            return;
        }
        try (ClusterObserver observer = new ClusterObserver(connector);
                ClusterExecutor executor = new ClusterExecutor(connector, ExecutorOptions.defaults(), ClusterProgressListener.NONE)) {
            Optional<ClusterStep.Failover> failover = ClusterFailover.decide(
                    observer.observe(seeds, endpoint -> podEndpoints.contains(endpoint) && !fallen.contains(endpoint)), fallen, podEndpoints);
            if (failover.isEmpty()) {
                return;
            }
            StepResult result = executor.execute(failover.get());
            if (result.status() == StepResult.Status.FAILED) {
                context.events().warning(cr, "FailoverFailed", failover.get() + ": " + result.detail());
            } else {
                context.events().normal(cr, "MasterFailedOver", failover.get() + " at once rather than after cluster-node-timeout"
                        + (result.status() == StepResult.Status.WAITING ? " (taking over)" : ""));
            }
        } catch (JedisException e) {
            LOG.info("namespace={} name={} fast failover not possible now: {}", cr.getMetadata().getNamespace(), cr.getMetadata().getName(), e.getMessage());
        }
    }

    /** Carries out the rollout's step: a restart, or a master's graceful failover to its caught-up replica. */
    private void roll(RedisCluster cr, RolloutDecision rollout, ObservedCluster observed, List<ObservedPod> all,
            Function<ObservedPod, Optional<Endpoint>> endpoints, RedisConnector connector) {
        if (rollout.step().isEmpty()) {
            return;
        }
        if (rollout.step().get() instanceof RolloutDecision.Restart restart) {
            rollouts.restart(cr, rollout, restart, "");
            return;
        }
        String pod = rollout.step().get().pod().name();
        Optional<ClusterStep.Failover> failover = all.stream().filter(p -> p.name().equals(pod)).findFirst().flatMap(endpoints)
                .flatMap(endpoint -> ClusterRollout.handOver(observed, endpoint));
        if (failover.isEmpty()) {
            return;
        }
        try (ClusterExecutor executor = new ClusterExecutor(connector, ExecutorOptions.defaults(), ClusterProgressListener.NONE)) {
            StepResult result = executor.execute(failover.get());
            String why = rollout.step().get().pod().why();
            if (result.status() == StepResult.Status.DONE) {
                context.events().normal(cr, "MasterHandedOver", pod + " handed its slots to its replica before its restart (" + why + "): "
                        + failover.get());
            } else if (result.status() == StepResult.Status.WAITING) {
                // CLUSTER FAILOVER was accepted and the replica is taking over; the next pass sees it done.
                context.events().normal(cr, "MasterHandingOver", pod + " is handing its slots to its replica before its restart (" + why
                        + "): " + failover.get());
            } else {
                context.events().warning(cr, "HandOverFailed", pod + " keeps its slots for now: " + result);
            }
        } catch (JedisException e) {
            context.events().warning(cr, "HandOverFailed", pod + " keeps its slots for now: " + e.getMessage());
        }
    }

    /**
     * A leader pod is preferred as master (upstream's contract: the {@code -leader} Services and PDBs are the masters'),
     * except one that is to restart and already handed its slots over: mastership must not come back to it between its
     * hand-over and its restart.
     */
    private static boolean preferredMaster(ObservedPod pod, List<ObservedPod> leaders, Function<ObservedPod, Set<RestartReason>> reasons,
            ObservedCluster observed, Function<ObservedPod, Optional<Endpoint>> endpoints) {
        return leaders.contains(pod) && (reasons.apply(pod).isEmpty() || ClusterRollout.servesSlots(observed, endpoints.apply(pod).orElseThrow()));
    }

    /** What each pod of both StatefulSets announces, by pod name. */
    private Map<String, Announcement> announcements(String namespace, List<Pod> pods, RedisClusterModel model) {
        Map<String, Announcement> announcements = new HashMap<>();
        for (ServerSetModel set : List.of(model.leaders(), model.followers())) {
            pods.stream().filter(p -> ObservedPod.belongsTo(p, set.name())).forEach(p -> announcements.put(p.getMetadata().getName(),
                    Announcement.decide(set.service().podServiceType(), p, context.watches().services().get(namespace, p.getMetadata().getName()),
                    Ports.REDIS_CLIENT, true)));
        }
        return announcements;
    }

    /** The zone label of a Kubernetes node, read once (a node's zone does not change); empty when unknown or not readable. */
    private Optional<String> zoneOf(String node) {
        return zones.computeIfAbsent(node, name -> {
            try {
                return Optional.ofNullable(context.client().nodes().withName(name).get())
                        .map(n -> n.getMetadata().getLabels())
                        .map(labels -> labels.get(FailureDomains.ZONE_LABEL));
            } catch (KubernetesClientException e) {
                LOG.info("node={} zone unknown ({}); its pods are placed by node", name, e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** How many pods of a StatefulSet run (one past the highest ordinal of a pod not being deleted). */
    private static int running(List<ObservedPod> pods) {
        return pods.stream().filter(p -> !p.terminating()).mapToInt(p -> p.ordinal() + 1).max().orElse(0);
    }

    private static void hold(DesiredObjects desired, String statefulSet, int replicas) {
        desired.find(StatefulSet.class, statefulSet).ifPresent(set -> set.getSpec().setReplicas(replicas));
    }

    private static List<ObservedPod> members(List<Pod> pods, ServerSetModel set) {
        return pods.stream().filter(p -> ObservedPod.belongsTo(p, set.name())).map(p -> ObservedPod.of(p, set.name(), "redis")).toList();
    }

    private void write(RedisCluster cr, RedisClusterState state, int readyLeaders, int readyFollowers, List<Verdict> verdicts) {
        RedisClusterStatus status = status(cr, verdicts);
        status.state = state;
        status.readyLeaderReplicas = readyLeaders;
        status.readyFollowerReplicas = readyFollowers;
        context.status().write(cr, status);
    }

    private RedisClusterStatus status(RedisCluster cr, List<Verdict> verdicts) {
        RedisClusterStatus previous = cr.getStatus();
        RedisClusterStatus status = new RedisClusterStatus();
        status.state = previous == null || previous.state == null ? RedisClusterState.Initializing : previous.state;
        status.readyLeaderReplicas = previous == null ? null : previous.readyLeaderReplicas;
        status.readyFollowerReplicas = previous == null ? null : previous.readyFollowerReplicas;
        status.reason = verdicts.stream().filter(v -> v.type().equals(Conditions.READY)).map(Verdict::reason).findFirst().orElse(null);
        status.observedGeneration = cr.getMetadata().getGeneration();
        status.conditions = Conditions.merge(previous == null ? null : previous.conditions, verdicts,
                cr.getMetadata().getGeneration() == null ? 0 : cr.getMetadata().getGeneration(), context.clock().instant());
        return status;
    }
}

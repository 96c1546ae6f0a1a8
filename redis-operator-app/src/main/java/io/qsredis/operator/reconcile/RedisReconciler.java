package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisStatus;
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
import io.qsredis.operator.redis.PasswordRotation;
import io.qsredis.operator.rollout.RolloutDecision;
import io.qsredis.operator.rollout.RolloutMember;
import io.qsredis.operator.rollout.Rollouts;
import io.qsredis.operator.tls.CertificateRenewal;
import io.qsredis.operator.tls.TlsMaterial;
import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.model.InvalidSpecException;
import io.qsredis.renderer.model.RedisModel;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.resources.RedisRenderer;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A standalone {@code Redis}: StatefulSet {@code X} with one pod. Ready when the pod answers PING with the password
 * of the Secret (with ACLs, as the operator's own user); {@code dynamicConfig} and {@code maxMemoryPercentOfLimit} are
 * applied with CONFIG SET, a changed password with CONFIG SET requirepass, and a changed ACL file live
 * ({@link OperatorAcl}, condition {@code AclFileInvalid}), without a restart. A change that needs a restart restarts the pod (there is
 * no replica to hand over to), with an Event naming why; Ready again once it runs the desired revision.
 */
public final class RedisReconciler implements Reconciler<Redis> {
    public static final PrimaryKind<Redis> KIND = PrimaryKind.of("Redis", Redis.class, SecretNames::of);
    static final Duration WAIT = Duration.ofSeconds(2);

    private final Operator.Context context;
    private final RenderOptions options;
    private final PasswordHistory passwords;
    private final OperatorAcl acl;
    private final LiveConfig liveConfig = new LiveConfig();
    private final Rollouts rollouts;

    public RedisReconciler(Operator.Context context, RenderOptions options) {
        this.context = context;
        this.options = options;
        this.rollouts = new Rollouts(context);
        this.passwords = new PasswordHistory(new SecretPasswordStore(context, "redis"));
        this.acl = new OperatorAcl(context);
    }

    @Override
    public PrimaryKind<Redis> kind() {
        return KIND;
    }

    @Override
    public String finalizer() {
        return "redisFinalizer";
    }

    @Override
    public List<String> statefulSetsWithData(Redis resource) {
        return List.of(resource.getMetadata().getName());
    }

    @Override
    public boolean keepsDataAfterDelete(Redis resource) {
        return resource.getSpec() != null && resource.getSpec().storage != null && Boolean.TRUE.equals(resource.getSpec().storage.keepAfterDelete);
    }

    @Override
    public void forget(ResourceKey key) {
        passwords.forget(key);
        acl.forget(key);
        rollouts.forget(key);
    }

    @Override
    public Outcome reconcile(Redis cr) {
        Optional<String> specErrors = Passes.specErrors(context, cr);
        if (specErrors.isPresent()) {
            return Passes.invalidSpec(context, cr, specErrors.get(), this::status);
        }
        RedisModel model;
        try {
            model = RedisModel.fromCr(cr, options);
        } catch (InvalidSpecException e) {
            return Passes.invalidSpec(context, cr, e, this::status);
        }
        ServerSetModel server = model.server();
        Optional<Passwords.Desired> password = Passwords.desired(context, cr, server.redis().password());
        if (password.isPresent() && password.get().missing().isPresent()) {
            return Passes.secretMissing(context, cr, password.get().missing().get(), this::status);
        }
        Optional<TlsMaterial.Check> tls = TlsSecrets.check(context, cr, server.redis().tls());
        if (tls.isPresent() && tls.get().problem().isPresent()) {
            return Passes.tlsSecretInvalid(context, cr, tls.get().problem().get(), this::status);
        }
        // The pods mount the operator's ACL Secret: it exists before their StatefulSet does.
        Optional<OperatorAcl.State> aclState = server.redis().acl()
                .map(settings -> acl.prepare(cr, settings, password.flatMap(Passwords.Desired::value), tls.flatMap(TlsMaterial.Check::material).map(TlsMaterial::socketFactory)));
        if (aclState.flatMap(OperatorAcl.State::missing).isPresent()) {
            return Passes.secretMissing(context, cr, aclState.get().missing().get(), this::status);
        }
        DesiredObjects desired = RedisRenderer.render(model);
        List<String> refused = DesiredState.apply(context, cr, desired);

        Optional<Pod> pod = context.watches().pods().get(cr.getMetadata().getNamespace(), server.podName(0));
        Optional<ObservedPod> observed = pod.map(p -> ObservedPod.of(p, server.name(), "redis"));
        // Until Redis was asked, what the file's parse says; a file Redis refuses is reported once it was tried.
        Optional<Verdict> aclVerdict = aclState.map(state -> state.verdict(Optional.empty()));
        if (observed.isEmpty()) {
            write(cr, "Initializing", Verdicts.withAcl(Verdicts.progressing("PodNotReady", "waiting for pod " + server.podName(0) + " to be created"),
                    aclVerdict));
            return Outcome.done();
        }
        boolean serving = observed.get().serving();
        List<RolloutMember> members = List.of(new RolloutMember(observed.get().name(), observed.get().uid(), 0, RolloutMember.Role.ALONE, serving,
                observed.get().whyNotServing(), Rollouts.reasons(observed.get(), desired, server.name())));
        RolloutDecision rollout = RolloutDecision.decide(members, rollouts.templatePending(cr, desired, List.of(server.name()), members),
                rollouts.restarting(cr), Rollouts.operatorRestarts(desired, server.name()));
        if (rollout.step().isPresent()) {
            rollouts.restart(cr, rollout, (RolloutDecision.Restart) rollout.step().get(), "; a standalone Redis has no replica to take over");
            write(cr, "Initializing", Verdicts.withAcl(Verdicts.withRollout(Verdicts.progressing("RollingUpdate", rollout.progress()), rollout),
                    aclVerdict));
            return Outcome.requeueAfter(WAIT);
        }
        if (!serving) {
            write(cr, "Initializing", Verdicts.withAcl(Verdicts.withRollout(
                    Verdicts.progressing("PodNotReady", "waiting: " + observed.get().whyNotServing().orElseThrow()), rollout), aclVerdict));
            return Outcome.done();
        }
        ResourceKey key = ResourceKey.of(cr);
        Optional<String> desiredPassword = password.flatMap(Passwords.Desired::value);
        HostAndPort endpoint = new HostAndPort(observed.get().ip().get(), server.port());
        // The operator's own ACL user once the server has it: the user's file may restrict the default user.
        Login login = OperatorAcl.loginFor(aclState, List.of(endpoint), Login.of(passwords.candidates(cr, desiredPassword))
                .withTls(tls.flatMap(TlsMaterial.Check::material).map(TlsMaterial::socketFactory)));
        CertificateRenewal renewal = Passes.renewCertificates(context, cr, tls.flatMap(TlsMaterial.Check::material),
                List.of(new Passes.TlsProcess(server.podName(0), endpoint, true)), login);
        try (NodeSession session = NodeSession.open(endpoint, login)) {
            if (login.user().isEmpty()) {
                passwords.accepted(cr, session.password());
            }
            if (!PasswordRotation.defaultUserHasDesired(session, login, desiredPassword)) {
                PasswordRotation.rotate(List.of(endpoint), login, desiredPassword, aclState.isPresent());
                passwords.accepted(cr, desiredPassword);
                context.events().normal(cr, "PasswordRotated", "applied the password of the Secret to " + server.podName(0) + " live");
            }
            aclVerdict = aclState.map(state -> state.verdict(acl.applyLive(cr, server.redis().acl().get(), state, List.of(endpoint), login)));
            List<String> lines = Passes.liveConfigLines(server);
            LiveConfig.Result result = liveConfig.apply(session.jedis(), lines);
            if (!result.changed().isEmpty()) {
                context.events().normal(cr, "ConfigApplied", "CONFIG SET " + String.join(", ", result.changed()) + " on " + server.podName(0));
            }
            if (!result.rejected().isEmpty()) {
                String message = result.rejected().stream().map(r -> r.line() + " (" + r.reason() + ")").reduce((a, b) -> a + "; " + b).orElse("");
                context.events().warning(cr, "ConfigRejected", message);
                write(cr, rollout.upToDate() ? "Ready" : "Initializing", Verdicts.withAcl(Verdicts.withRenewal(Verdicts.withRefusals(Verdicts.withRollout(
                        Verdicts.ready("PodServing", server.podName(0) + " answers", "ConfigRejected", message), rollout), refused), renewal), aclVerdict));
            } else {
                write(cr, rollout.upToDate() ? "Ready" : "Initializing", Verdicts.withAcl(Verdicts.withRenewal(Verdicts.withRefusals(Verdicts.withRollout(
                        Verdicts.ready("PodServing", server.podName(0) + " answers", null, null), rollout), refused), renewal), aclVerdict));
            }
            context.metrics().observed(key, true, 0);
            return renewal.done() ? Outcome.done() : Outcome.requeueAfter(WAIT);
        } catch (JedisException e) {
            write(cr, "Initializing", Verdicts.withAcl(
                    Verdicts.failing("RedisUnreachable", server.podName(0) + " is ready but does not answer: " + e.getMessage()), aclVerdict));
            context.metrics().observed(key, false, 0);
            return Outcome.requeueAfter(WAIT);
        }
    }

    private void write(Redis cr, String state, List<Verdict> verdicts) {
        context.status().write(cr, status(cr, state, verdicts));
    }

    private RedisStatus status(Redis cr, String state, List<Verdict> verdicts) {
        RedisStatus status = new RedisStatus();
        status.state = state;
        status.reason = verdicts.stream().filter(v -> v.type().equals(Conditions.READY)).map(Verdict::reason).findFirst().orElse(null);
        status.observedGeneration = cr.getMetadata().getGeneration();
        status.conditions = Conditions.merge(cr.getStatus() == null ? null : cr.getStatus().conditions, verdicts,
                cr.getMetadata().getGeneration() == null ? 0 : cr.getMetadata().getGeneration(), context.clock().instant());
        return status;
    }

    private RedisStatus status(Redis cr, List<Verdict> verdicts) {
        return status(cr, "Initializing", verdicts);
    }
}

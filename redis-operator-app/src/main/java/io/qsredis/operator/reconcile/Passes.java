package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.qsredis.model.validation.SpecValidator;
import io.qsredis.model.validation.ValidationResult;
import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.redis.CertificateReload;
import io.qsredis.operator.redis.LiveConfig;
import io.qsredis.operator.redis.Login;
import io.qsredis.operator.redis.NodeSession;
import io.qsredis.operator.tls.CertificateRenewal;
import io.qsredis.operator.tls.ServedCertificate;
import io.qsredis.operator.tls.TlsMaterial;
import io.qsredis.renderer.model.InvalidSpecException;
import io.qsredis.renderer.model.ServerSetModel;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** The ends of a pass that every kind shares. */
final class Passes {
    private Passes() {}

    /**
     * Step 2 of a pass: every problem of the spec, by field path ({@link SpecValidator}, the same rules as the CRD
     * schema and more), or empty when it can be carried out. Warnings (not highly available, say) go to an Event.
     */
    static Optional<String> specErrors(Operator.Context context, HasMetadata cr) {
        ValidationResult result = SpecValidator.validate(cr);
        if (!result.warnings().isEmpty()) {
            context.events().warning(cr, "SpecWarning", result.warningSummary());
        }
        return result.isValid() ? Optional.empty() : Optional.of(result.errorSummary());
    }

    /** The spec cannot be carried out: report every problem, touch nothing. */
    static <S, P extends CustomResource<?, S>> Outcome invalidSpec(
            Operator.Context context, P cr, InvalidSpecException e, BiFunction<P, List<Verdict>, S> status) {
        return invalidSpec(context, cr, String.join("; ", e.problems()), status);
    }

    static <S, P extends CustomResource<?, S>> Outcome invalidSpec(
            Operator.Context context, P cr, String problems, BiFunction<P, List<Verdict>, S> status) {
        context.events().warning(cr, "InvalidSpec", problems);
        context.status().write(cr, status.apply(cr, Verdicts.invalidSpec(problems)));
        context.metrics().observed(ResourceKey.of(cr), false, 0);
        return Outcome.done();
    }

    /** A Secret the spec names is missing: report it, touch nothing; the Secret's creation triggers the next pass. */
    static <S, P extends CustomResource<?, S>> Outcome secretMissing(
            Operator.Context context, P cr, String problem, BiFunction<P, List<Verdict>, S> status) {
        context.events().warning(cr, "SecretMissing", problem);
        context.status().write(cr, status.apply(cr, Verdicts.waitingForInput("SecretMissing", problem)));
        context.metrics().observed(ResourceKey.of(cr), false, 0);
        return Outcome.done();
    }

    /** How soon a pass stopped by a TLS Secret looks again: a certificate not valid yet becomes valid without a change. */
    static final Duration TLS_RECHECK = Duration.ofMinutes(1);

    /**
     * The TLS Secret cannot serve (missing, a key missing, not PEM, expired, not valid yet, a key not the certificate's):
     * report it and touch nothing, so that no pod restarts onto it; a change of the Secret or the clock retries.
     */
    static <S, P extends CustomResource<?, S>> Outcome tlsSecretInvalid(
            Operator.Context context, P cr, String problem, BiFunction<P, List<Verdict>, S> status) {
        context.events().warning(cr, "TLSSecretInvalid", problem);
        context.status().write(cr, status.apply(cr, Verdicts.waitingForInput("TLSSecretInvalid", problem)));
        context.metrics().observed(ResourceKey.of(cr), false, 0);
        return Outcome.requeueAfter(TLS_RECHECK);
    }

    /** A process that speaks TLS: its pod, where it listens, and whether it reloads a certificate live (Redis does, Sentinel does not). */
    record TlsProcess(String pod, HostAndPort endpoint, boolean live) {}

    /**
     * Observes the certificate each process serves, and reloads the Secret's live where it differs and the process can
     * ({@link CertificateReload}), with an Event per pod; returns the renewal, whose {@code restart} the rollout takes.
     * A reload that Redis refuses (the files not updated yet, say) is a Warning and is tried again next pass.
     */
    static CertificateRenewal renewCertificates(Operator.Context context, HasMetadata owner, Optional<TlsMaterial> tls,
            List<TlsProcess> processes, Login login) {
        if (tls.isEmpty()) {
            return CertificateRenewal.NONE;
        }
        SSLSocketFactory factory = login.tls().orElseThrow();
        CertificateRenewal renewal = CertificateRenewal.decide(tls.get().fingerprint(), processes.stream()
                .map(p -> new CertificateRenewal.Served(p.pod(), ServedCertificate.fingerprint(p.endpoint().getHost(), p.endpoint().getPort(), factory), p.live()))
                .toList());
        for (TlsProcess process : processes) {
            if (!renewal.reload().contains(process.pod())) {
                continue;
            }
            try (NodeSession session = NodeSession.open(process.endpoint(), login)) {
                CertificateReload.reload(session.jedis());
                context.events().normal(owner, "CertificateReloaded", process.pod() + " reloaded its certificate from the TLS Secret's files");
            } catch (JedisException e) {
                context.events().warning(owner, "CertificateReloadFailed", process.pod() + ": " + e.getMessage());
            }
        }
        return renewal;
    }

    /**
     * Applies {@link #liveConfigLines} with {@code CONFIG SET} to every given server where it differs, with an Event
     * for what changed and a Warning for what Redis refused; a server that does not answer is left to the next pass.
     */
    static void applyLiveConfig(Operator.Context context, HasMetadata owner, LiveConfig liveConfig, ServerSetModel server,
            List<HostAndPort> nodes, Login login) {
        List<String> lines = liveConfigLines(server);
        if (lines.isEmpty()) {
            return;
        }
        for (HostAndPort node : nodes) {
            applyLines(context, owner, liveConfig, node, lines, login);
        }
    }

    /**
     * What {@link #applyAnnouncements} did.
     *
     * @param changed the nodes that were told something new
     * @param silent the nodes that did not answer (the next pass tells them)
     */
    record Announced(List<HostAndPort> changed, List<HostAndPort> silent) {}

    /**
     * Has each node announce what its {@link Announcement} says (the lines of each node, by its pod address), with
     * {@code CONFIG SET} where a value differs.
     */
    static Announced applyAnnouncements(Operator.Context context, HasMetadata owner, LiveConfig liveConfig,
            Map<HostAndPort, List<String>> lines, Login login) {
        List<HostAndPort> changed = new ArrayList<>();
        List<HostAndPort> silent = new ArrayList<>();
        lines.forEach((node, nodeLines) -> {
            if (nodeLines.isEmpty()) {
                return;
            }
            switch (applyLines(context, owner, liveConfig, node, nodeLines, login)) {
                case CHANGED -> changed.add(node);
                case SILENT -> silent.add(node);
                case UNCHANGED -> { }
            }
        });
        return new Announced(List.copyOf(changed), List.copyOf(silent));
    }

    private enum Applied { CHANGED, UNCHANGED, SILENT }

    private static Applied applyLines(Operator.Context context, HasMetadata owner, LiveConfig liveConfig, HostAndPort node, List<String> lines,
            Login login) {
        try (NodeSession session = NodeSession.open(node, login)) {
            LiveConfig.Result result = liveConfig.apply(session.jedis(), lines);
            if (!result.changed().isEmpty()) {
                context.events().normal(owner, "ConfigApplied", "CONFIG SET " + String.join(", ", result.changed()) + " on " + node);
            }
            if (!result.rejected().isEmpty()) {
                context.events().warning(owner, "ConfigRejected", result.rejected().stream().map(r -> r.line() + " (" + r.reason() + ")")
                        .reduce((a, b) -> a + "; " + b).orElse("") + " on " + node);
            }
            return result.changed().isEmpty() ? Applied.UNCHANGED : Applied.CHANGED;
        } catch (JedisConnectionException e) {
            // Not answering now (refused, timed out): the next pass applies it.
            return Applied.SILENT;
        } catch (JedisException e) {
            // Answering, but not taking it now (loading, say): the next pass applies it.
            return Applied.UNCHANGED;
        }
    }

    /** What the operator sets live on every server: maxmemory, then dynamicConfig in order (later lines win). */
    static List<String> liveConfigLines(ServerSetModel server) {
        List<String> lines = new ArrayList<>();
        server.redis().maxmemoryBytes().ifPresent(bytes -> lines.add("maxmemory " + bytes));
        lines.addAll(server.redis().dynamicConfig());
        return lines;
    }
}

package io.qsredis.operator.reconcile;

import io.qsredis.operator.kube.Conditions;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.rollout.RolloutDecision;
import io.qsredis.operator.tls.CertificateRenewal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The condition sets a pass ends with, one per outcome, so that every kind reports the same conditions the same way:
 * Ready, Reconciling, Degraded and InvalidSpec, and RollingUpdate where the pass rolled pods.
 */
final class Verdicts {
    private Verdicts() {}

    /** The spec cannot be carried out; nothing was touched. */
    static List<Verdict> invalidSpec(String problems) {
        return List.of(
                Verdict.fails(Conditions.READY, "InvalidSpec", "the spec is invalid; nothing was changed"),
                Verdict.fails(Conditions.RECONCILING, "InvalidSpec", "waiting for a valid spec"),
                Verdict.fails(Conditions.DEGRADED, "InvalidSpec", "nothing was changed"),
                Verdict.holds(Conditions.INVALID_SPEC, "SpecErrors", problems));
    }

    /** An input the spec names (a Secret) is missing; nothing was touched, and its appearance triggers a pass. */
    static List<Verdict> waitingForInput(String reason, String message) {
        return List.of(
                Verdict.fails(Conditions.READY, reason, message),
                Verdict.holds(Conditions.RECONCILING, reason, message),
                Verdict.fails(Conditions.DEGRADED, reason, "nothing was changed"),
                valid());
    }

    /** Converging: objects written, pods or Redis not there yet. */
    static List<Verdict> progressing(String reason, String message) {
        return List.of(
                Verdict.fails(Conditions.READY, reason, message),
                Verdict.holds(Conditions.RECONCILING, reason, message),
                Verdict.fails(Conditions.DEGRADED, "Converging", "not ready yet"),
                valid());
    }

    /** Serving, possibly with a problem that needs attention ({@code degradedReason} non-null). */
    static List<Verdict> ready(String reason, String message, String degradedReason, String degradedMessage) {
        return List.of(
                Verdict.holds(Conditions.READY, reason, message),
                Verdict.fails(Conditions.RECONCILING, "Converged", "nothing left to do"),
                degradedReason == null
                        ? Verdict.fails(Conditions.DEGRADED, "AllHealthy", "every pod serves")
                        : Verdict.holds(Conditions.DEGRADED, degradedReason, degradedMessage),
                valid());
    }

    /** Serving, but the operator still has work to do. */
    static List<Verdict> readyConverging(String reason, String message, String reconcilingReason, String reconcilingMessage) {
        return List.of(
                Verdict.holds(Conditions.READY, reason, message),
                Verdict.holds(Conditions.RECONCILING, reconcilingReason, reconcilingMessage),
                Verdict.holds(Conditions.DEGRADED, reconcilingReason, reconcilingMessage),
                valid());
    }

    /** Not serving, and not because the operator is still creating things. */
    static List<Verdict> failing(String reason, String message) {
        return List.of(
                Verdict.fails(Conditions.READY, reason, message),
                Verdict.holds(Conditions.RECONCILING, reason, message),
                Verdict.holds(Conditions.DEGRADED, reason, message),
                valid());
    }

    /**
     * The verdicts of a pass with its rollout's: RollingUpdate says how many pods run the desired revision, and Ready
     * holds only once every pod does (a pass that is otherwise ready reports the rollout as its reason instead).
     */
    static List<Verdict> withRollout(List<Verdict> verdicts, RolloutDecision rollout) {
        List<Verdict> result = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            boolean rolling = !rollout.upToDate();
            if (rolling && verdict.type().equals(Conditions.READY) && verdict.holds()) {
                result.add(Verdict.fails(Conditions.READY, "RollingUpdate", rollout.progress()));
            } else if (rolling && verdict.type().equals(Conditions.RECONCILING) && !verdict.holds()) {
                result.add(Verdict.holds(Conditions.RECONCILING, "RollingUpdate", rollout.progress()));
            } else {
                result.add(verdict);
            }
        }
        result.add(rollout.upToDate()
                ? Verdict.fails(Conditions.ROLLING_UPDATE, "UpToDate", "every pod runs the desired revision")
                : Verdict.holds(Conditions.ROLLING_UPDATE, "RollingUpdate", rollout.progress()));
        return result;
    }

    /**
     * The verdicts with a certificate renewal under way: Reconciling holds, naming how many processes serve the TLS
     * Secret's certificate; Ready is left as it is, since every process keeps serving while it reloads.
     */
    static List<Verdict> withRenewal(List<Verdict> verdicts, CertificateRenewal renewal) {
        if (renewal.done()) {
            return verdicts;
        }
        return verdicts.stream()
                .map(v -> v.type().equals(Conditions.RECONCILING) && !v.holds() ? Verdict.holds(Conditions.RECONCILING, "CertificateRenewal", renewal.progress()) : v)
                .toList();
    }

    /** The verdicts with Degraded holding when some rendered object could not be applied (a StatefulSet update refused). */
    static List<Verdict> withRefusals(List<Verdict> verdicts, List<String> refused) {
        if (refused.isEmpty()) {
            return verdicts;
        }
        return verdicts.stream()
                .map(v -> v.type().equals(Conditions.DEGRADED) ? Verdict.holds(Conditions.DEGRADED, "StatefulSetUpdateRefused", String.join("; ", refused)) : v)
                .toList();
    }

    /** The verdicts with the ACL file's ({@link io.qsredis.operator.acl.OperatorAcl.State#verdict}), when the resource has ACLs. */
    static List<Verdict> withAcl(List<Verdict> verdicts, Optional<Verdict> acl) {
        if (acl.isEmpty()) {
            return verdicts;
        }
        List<Verdict> all = new ArrayList<>(verdicts);
        all.add(acl.get());
        return List.copyOf(all);
    }

    /** Whether the Ready condition of {@code verdicts} holds. */
    static boolean readyHolds(List<Verdict> verdicts) {
        return verdicts.stream().anyMatch(v -> v.type().equals(Conditions.READY) && v.holds());
    }

    private static Verdict valid() {
        return Verdict.fails(Conditions.INVALID_SPEC, "Valid", "the spec is valid");
    }
}

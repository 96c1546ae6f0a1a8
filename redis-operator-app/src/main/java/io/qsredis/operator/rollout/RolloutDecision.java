package io.qsredis.operator.rollout;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one disruptive step of a rollout per pass, or why there is none. Pure.
 *
 * <p>A pod is on the desired revision when it has no restart reason. Nothing restarts while any pod is unsettled (not
 * ready, not caught up) or while the reconciler has a reason to hold back (a failover, a topology change), so that
 * two pods are never down at once and the next restarts only once the last one is back; except that when the one
 * unsettled pod is a pod of an older revision that is not ready, it restarts first: it serves nothing, and the new
 * revision may be what fixes it (a StatefulSet's own rolling update stays stuck on such a pod). Then, one per pass:
 * replicas first, highest ordinal first; then a primary, which hands its role over to a caught-up replica first
 * (the next pass restarts it as a replica); a pod nobody can take over from last. With the StatefulSet's own
 * {@code RollingUpdate} strategy the StatefulSet controller restarts the pods and the operator only reports.
 *
 * @param pods how many pods the rollout covers
 * @param onDesiredRevision how many of them run the desired revision
 * @param step what to do now, if anything
 * @param waiting why nothing is done while pods still run an older revision
 */
public record RolloutDecision(int pods, int onDesiredRevision, Optional<Step> step, Optional<String> waiting) {

    /** One disruptive action. */
    public sealed interface Step permits Restart, HandOver {
        RolloutMember pod();
    }

    /** Delete the pod; its StatefulSet creates it again from the desired template. */
    public record Restart(RolloutMember pod) implements Step {}

    /** Move the pod's primary role to a caught-up replica, without losing an acknowledged write; it restarts next pass. */
    public record HandOver(RolloutMember pod) implements Step {}

    private static final Comparator<RolloutMember> ORDER = Comparator.comparing(RolloutMember::role)
            .thenComparing(Comparator.comparingInt(RolloutMember::ordinal).reversed())
            .thenComparing(Comparator.comparing(RolloutMember::name).reversed());

    /**
     * @param members every pod of the rollout
     * @param hold why the reconciler holds every restart back now, if it does
     * @param restarting UIDs of pods the operator deleted that the API may still list
     * @param operatorRestarts whether the operator restarts the pods ({@code OnDelete}) or the StatefulSet does
     */
    public static RolloutDecision decide(List<RolloutMember> members, Optional<String> hold, Set<String> restarting, boolean operatorRestarts) {
        int onRevision = (int) members.stream().filter(m -> !m.stale()).count();
        List<RolloutMember> stale = members.stream().filter(RolloutMember::stale).sorted(ORDER).toList();
        if (stale.isEmpty()) {
            return new RolloutDecision(members.size(), onRevision, Optional.empty(), Optional.empty());
        }
        if (!operatorRestarts) {
            return waiting(members, onRevision, "the StatefulSet's RollingUpdate strategy restarts the pods");
        }
        Optional<String> gone = members.stream().filter(m -> restarting.contains(m.uid())).map(m -> m.name() + " is restarting").findFirst();
        if (gone.isPresent()) {
            return waiting(members, onRevision, gone.get());
        }
        List<RolloutMember> unsettled = members.stream().filter(m -> m.unsettled().isPresent()).toList();
        if (unsettled.size() == 1 && unsettled.get(0).stale() && !unsettled.get(0).ready()) {
            return new RolloutDecision(members.size(), onRevision, Optional.of(new Restart(unsettled.get(0))), Optional.empty());
        }
        Optional<String> why = hold.or(() -> unsettled.stream().map(m -> m.unsettled().get()).findFirst());
        if (why.isPresent()) {
            return waiting(members, onRevision, why.get());
        }
        RolloutMember next = stale.get(0);
        Step step = next.role() == RolloutMember.Role.PRIMARY ? new HandOver(next) : new Restart(next);
        return new RolloutDecision(members.size(), onRevision, Optional.of(step), Optional.empty());
    }

    private static RolloutDecision waiting(List<RolloutMember> members, int onRevision, String why) {
        return new RolloutDecision(members.size(), onRevision, Optional.empty(), Optional.of(why));
    }

    public boolean upToDate() {
        return onDesiredRevision == pods;
    }

    /** {@code 2/3 pods on the new revision}, with what is being done or waited for. */
    public String progress() {
        String done = onDesiredRevision + "/" + pods + " pods on the new revision";
        if (step.isPresent()) {
            RolloutMember pod = step.get().pod();
            String verb = step.get() instanceof HandOver ? "handing " + pod.name() + "'s master role over before it restarts"
                    : "restarting " + pod.name();
            return done + "; " + verb + " (" + pod.why() + ")";
        }
        return waiting.map(why -> done + "; waiting: " + why).orElse(done);
    }
}

package io.qsredis.operator.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.qsredis.operator.Operator;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.reconcile.ObservedPod;
import io.qsredis.operator.tls.CertificateRenewal;
import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.impact.PodRevision;
import io.qsredis.renderer.impact.RestartReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries out a {@link RolloutDecision}'s restarts: deletes the pod (its StatefulSet creates it again from the
 * desired template) with an Event naming the reasons, and remembers the deleted pod's UID per resource, so that a
 * pass that still sees it in the informer's cache does not take it for a settled pod. The memory is only a guard
 * against a lagging cache: after an operator restart the cache is fresh, and a deleted pod is gone or not ready.
 */
public final class Rollouts {
    private static final Logger LOG = LoggerFactory.getLogger(Rollouts.class);

    private final Operator.Context context;
    private final ConcurrentHashMap<ResourceKey, String> restarting = new ConcurrentHashMap<>();

    public Rollouts(Operator.Context context) {
        this.context = context;
    }

    /** Why {@code pod} must restart to run the template of StatefulSet {@code statefulSet} in {@code desired}. */
    public static Set<RestartReason> reasons(ObservedPod pod, DesiredObjects desired, String statefulSet) {
        StatefulSet set = desired.find(StatefulSet.class, statefulSet)
                .orElseThrow(() -> new IllegalArgumentException("no StatefulSet " + statefulSet + " is rendered"));
        return PodRevision.restartReasons(pod.annotations(), set.getSpec().getTemplate());
    }

    /** {@link #reasons(ObservedPod, DesiredObjects, String)}, and the renewed certificate when the pod must restart to serve it. */
    public static Set<RestartReason> reasons(ObservedPod pod, DesiredObjects desired, String statefulSet, CertificateRenewal renewal) {
        Set<RestartReason> reasons = reasons(pod, desired, statefulSet);
        if (!renewal.restart().contains(pod.name())) {
            return reasons;
        }
        Set<RestartReason> withCertificate = EnumSet.of(RestartReason.CERTIFICATE_RENEWED);
        withCertificate.addAll(reasons);
        return withCertificate;
    }

    /** Whether the StatefulSet {@code statefulSet} in {@code desired} leaves restarts to the operator ({@code OnDelete}). */
    public static boolean operatorRestarts(DesiredObjects desired, String statefulSet) {
        return desired.find(StatefulSet.class, statefulSet)
                .map(set -> set.getSpec().getUpdateStrategy() == null || "OnDelete".equals(set.getSpec().getUpdateStrategy().getType()))
                .orElse(true);
    }

    /**
     * Why restarting a stale pod would not bring it to the desired revision now: its StatefulSet does not carry the
     * desired pod template (its update is refused, or the cache has not seen it yet), so a deleted pod would come
     * back from the old template, and be deleted again. Empty when no member is stale or every StatefulSet is current.
     */
    public Optional<String> templatePending(HasMetadata owner, DesiredObjects desired, List<String> statefulSets, List<RolloutMember> members) {
        if (members.stream().noneMatch(RolloutMember::stale)) {
            return Optional.empty();
        }
        for (String name : statefulSets) {
            StatefulSet live = context.client().apps().statefulSets().inNamespace(owner.getMetadata().getNamespace()).withName(name).get();
            Optional<StatefulSet> wanted = desired.find(StatefulSet.class, name);
            if (wanted.isEmpty()) {
                continue;
            }
            String want = wanted.get().getSpec().getTemplate().getMetadata().getAnnotations().get(PodLayout.RESTART_FINGERPRINT_ANNOTATION);
            String has = live == null || live.getSpec().getTemplate().getMetadata() == null || live.getSpec().getTemplate().getMetadata().getAnnotations() == null
                    ? null : live.getSpec().getTemplate().getMetadata().getAnnotations().get(PodLayout.RESTART_FINGERPRINT_ANNOTATION);
            if (!want.equals(has)) {
                return Optional.of("StatefulSet " + name + " does not carry the desired pod template yet");
            }
        }
        return Optional.empty();
    }

    /** UIDs of pods this resource's rollout deleted that the API may still list. */
    public Set<String> restarting(HasMetadata owner) {
        return Optional.ofNullable(restarting.get(ResourceKey.of(owner))).map(Set::of).orElse(Set.of());
    }

    /** Deletes the pod of {@code restart}, unless another pod of that name (a newer one) took its place meanwhile. */
    public void restart(HasMetadata owner, RolloutDecision decision, RolloutDecision.Restart restart, String note) {
        RolloutMember pod = restart.pod();
        String namespace = owner.getMetadata().getNamespace();
        Pod live = context.client().pods().inNamespace(namespace).withName(pod.name()).get();
        if (live == null || !pod.uid().equals(live.getMetadata().getUid())) {
            return;
        }
        restarting.put(ResourceKey.of(owner), pod.uid());
        context.client().pods().inNamespace(namespace).withName(pod.name()).delete();
        String message = "restarting " + pod.name() + " to run the desired revision: " + pod.why() + note
                + " (" + decision.onDesiredRevision() + "/" + decision.pods() + " pods on the new revision before it)";
        LOG.info("namespace={} owner={}/{} pod={} step=restart reasons=\"{}\"", namespace, owner.getKind(), owner.getMetadata().getName(),
                pod.name(), pod.why());
        context.events().normal(owner, "PodRestarted", message);
    }

    public void forget(ResourceKey key) {
        restarting.remove(key);
    }
}

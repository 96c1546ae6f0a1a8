package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.Map;
import java.util.Optional;

/**
 * What the API says about one pod of a StatefulSet: its ordinal, address, readiness, how often its main container
 * restarted and whether it runs now, the {@code redis-role} label it carries, and its annotations (the revision of the
 * pod template it was created from among them).
 */
public record ObservedPod(String name, String uid, int ordinal, Optional<String> ip, boolean ready, int restarts, boolean running,
        Optional<String> roleLabel, boolean terminating, Map<String, String> annotations, Optional<String> node) {

    public ObservedPod {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public static final String ROLE_LABEL = "redis-role";

    /**
     * Whether the pod takes work: Ready, with an address, and not being deleted. A pod being deleted can still report
     * Ready while its container shuts down (the kubelet probes until it stops), but it is leaving.
     */
    public boolean serving() {
        return whyNotServing().isEmpty();
    }

    /** Why the pod takes no work ({@link #serving}), if it does not. */
    public Optional<String> whyNotServing() {
        return terminating ? Optional.of(name + " is being deleted")
                : !ready ? Optional.of(name + " is not ready")
                : ip.isEmpty() ? Optional.of(name + " has no address yet")
                : Optional.empty();
    }

    /** Whether the pod's main container runs and the pod is not being deleted. */
    public boolean live() {
        return running && !terminating;
    }

    /**
     * The unit this pod fails with, for the cluster planner's placement: its Kubernetes node ({@code spec.nodeName}),
     * or, before it is scheduled, its own address.
     */
    public String failureDomain() {
        return node.or(() -> ip).orElse(name);
    }

    public static ObservedPod of(Pod pod, String statefulSet, String container) {
        String name = pod.getMetadata().getName();
        int ordinal = Integer.parseInt(name.substring(statefulSet.length() + 1));
        Optional<String> ip = Optional.ofNullable(pod.getStatus()).map(s -> s.getPodIP()).filter(s -> !s.isBlank());
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        Optional<ContainerStatus> main = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? Optional.empty()
                : pod.getStatus().getContainerStatuses().stream().filter(c -> container.equals(c.getName())).findFirst();
        int restarts = main.map(ContainerStatus::getRestartCount).filter(n -> n != null).orElse(0);
        boolean running = main.map(ContainerStatus::getState).map(state -> state.getRunning() != null).orElse(false);
        Map<String, String> labels = pod.getMetadata().getLabels();
        Optional<String> role = Optional.ofNullable(labels == null ? null : labels.get(ROLE_LABEL));
        return new ObservedPod(name, pod.getMetadata().getUid(), ordinal, ip, ready, restarts, running, role, pod.getMetadata().getDeletionTimestamp() != null,
                pod.getMetadata().getAnnotations(), Optional.ofNullable(pod.getSpec()).map(spec -> spec.getNodeName()).filter(n -> !n.isBlank()));
    }

    /** Whether {@code pod} is one of {@code statefulSet}'s pods ({@code <sts>-<ordinal>}). */
    public static boolean belongsTo(Pod pod, String statefulSet) {
        String name = pod.getMetadata().getName();
        return name.startsWith(statefulSet + "-") && name.substring(statefulSet.length() + 1).matches("[0-9]+");
    }
}

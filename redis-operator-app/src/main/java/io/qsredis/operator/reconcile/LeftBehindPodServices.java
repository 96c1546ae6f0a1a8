package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.Applier;
import io.qsredis.renderer.model.Labels;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The own Services of pods a scale-in removed. The renderer renders a pod's own Service (or its absence) for the pods
 * the StatefulSet should have; one of a pod beyond them is kept while that pod still runs (a draining cluster node is
 * still reached there) and deleted once the pod is gone, so a resource scaled in keeps no Service per departed pod.
 */
final class LeftBehindPodServices {
    private LeftBehindPodServices() {}

    /**
     * The names of the Services of {@code statefulSet}'s pods at ordinals {@code replicas} and above that no pod holds
     * any more. Pure.
     *
     * @param services the owner's Services
     * @param pods the names of the namespace's pods
     */
    static List<String> names(List<Service> services, Set<String> pods, String statefulSet, int replicas) {
        String prefix = statefulSet + "-";
        return services.stream()
                .filter(service -> service.getMetadata().getName().equals(podLabel(service)))
                .map(service -> service.getMetadata().getName())
                .filter(name -> name.startsWith(prefix) && name.substring(prefix.length()).matches("[0-9]+"))
                .filter(name -> Integer.parseInt(name.substring(prefix.length())) >= replicas && !pods.contains(name))
                .sorted()
                .toList();
    }

    /** Deletes the left-behind pod Services of {@code statefulSet} that {@code owner} controls, an Event each. */
    static void delete(Operator.Context context, HasMetadata owner, List<Pod> pods, String statefulSet, int replicas) {
        List<Service> owned = context.watches().services().list(owner.getMetadata().getNamespace()).stream()
                .filter(service -> Applier.isControlledBy(service, owner)).toList();
        Set<String> podNames = pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
        for (String name : names(owned, podNames, statefulSet, replicas)) {
            if (context.applier().apply(owner, Service.class, name, null).change().wrote()) {
                context.events().normal(owner, "Deleted", "deleted Service " + name + ": its pod left with the scale-in");
            }
        }
    }

    private static String podLabel(Service service) {
        return Optional.ofNullable(service.getMetadata().getLabels()).map(labels -> labels.get(Labels.POD_NAME)).orElse(null);
    }
}

package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpecBuilder;
import io.qsredis.renderer.model.PodSettings;

import java.util.List;
import java.util.Map;

/** The pod and StatefulSet fields that Redis and Sentinel pods share. */
final class PodSpecs {
    private PodSpecs() {}

    /** Placement, identity and security of the pod; containers and volumes are the caller's. */
    static PodSpecBuilder common(PodSettings pod, Map<String, String> selector, List<Map<String, String>> avoid) {
        PodSpecBuilder spec = new PodSpecBuilder()
                .withSecurityContext(pod.podSecurityContext().orElseGet(PodDefaults::podSecurityContext))
                .withAffinity(pod.affinity().orElseGet(() -> PodDefaults.spread(selector, avoid)))
                .withNodeSelector(pod.nodeSelector().isEmpty() ? null : pod.nodeSelector())
                .withTolerations(pod.tolerations().isEmpty() ? null : pod.tolerations())
                .withTopologySpreadConstraints(pod.topologySpreadConstraints().isEmpty() ? null : pod.topologySpreadConstraints())
                .withPriorityClassName(pod.priorityClassName().orElse(null))
                .withTerminationGracePeriodSeconds(pod.terminationGracePeriodSeconds().orElse(null))
                .withImagePullSecrets(pod.imagePullSecrets().isEmpty() ? null : pod.imagePullSecrets())
                .withEnableServiceLinks(false);
        if (pod.serviceAccountName().isPresent()) {
            spec.withServiceAccountName(pod.serviceAccountName().get());
        } else {
            // Redis needs no Kubernetes API: without a service account of the user's, mount no token.
            spec.withAutomountServiceAccountToken(false);
        }
        if (pod.hostNetwork()) {
            spec.withHostNetwork(true).withDnsPolicy("ClusterFirstWithHostNet");
        }
        return spec;
    }

    static SecurityContext containerSecurityContext(PodSettings pod) {
        return pod.securityContext().orElseGet(PodDefaults::containerSecurityContext);
    }

    static void statefulSetSettings(StatefulSetSpecBuilder spec, PodSettings pod) {
        spec.withUpdateStrategy(pod.statefulSet().updateStrategy())
                .withPodManagementPolicy(pod.statefulSet().podManagementPolicy().map(Enum::name).orElse(null))
                .withMinReadySeconds(pod.statefulSet().minReadySeconds().orElse(null))
                .withPersistentVolumeClaimRetentionPolicy(pod.statefulSet().persistentVolumeClaimRetentionPolicy().orElse(null));
    }

    static EnvVar fieldEnv(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(fieldPath).endFieldRef().endValueFrom().build();
    }
}

package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpecBuilder;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.impact.PodRevision;
import io.qsredis.renderer.model.PodSetModel;
import io.qsredis.renderer.model.PodSettings;
import io.qsredis.renderer.model.SecretKeyRef;
import io.qsredis.renderer.model.TlsSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** A container of the operator's in a pod: the pod's image, pull policy, resources and container security context. */
    static ContainerBuilder container(String name, PodSettings pod) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(pod.image())
                .withImagePullPolicy(pod.imagePullPolicy().orElse(null))
                .withResources(pod.resources().orElse(null))
                .withSecurityContext(pod.securityContext().orElseGet(PodDefaults::containerSecurityContext));
    }

    /** The environment of a main container: the pod's IP, which its probes connect to, then the user's. */
    static List<EnvVar> mainContainerEnv(PodSettings pod) {
        List<EnvVar> env = new ArrayList<>();
        env.add(fieldEnv(PodLayout.POD_IP_ENV, "status.podIP"));
        env.addAll(pod.env());
        return env;
    }

    /**
     * The StatefulSet of a set's pods. The pod template carries its {@link PodRevision#fingerprint}, the rendered
     * configuration's hash among it, so that each pod tells which revision it runs and a change of the configuration is
     * a change of the template.
     */
    static StatefulSet statefulSet(PodSetModel model, String configuration, PodSpec podSpec, List<PersistentVolumeClaim> claimTemplates) {
        PodSettings pod = model.pod();
        return new StatefulSetBuilder()
                .withMetadata(ObjectMetas.of(model.name(), model.owner(), model.labels(), Map.of()))
                .withSpec(new StatefulSetSpecBuilder()
                        .withReplicas(model.replicas())
                        .withServiceName(model.headlessServiceName())
                        .withNewSelector().withMatchLabels(model.selectorLabels()).endSelector()
                        .withNewTemplate()
                            .withNewMetadata()
                                .withLabels(model.labels())
                                .withAnnotations(Map.of(PodLayout.RESTART_FINGERPRINT_ANNOTATION, PodRevision.fingerprint(podSpec, configuration)))
                            .endMetadata()
                            .withSpec(podSpec)
                        .endTemplate()
                        .withVolumeClaimTemplates(claimTemplates)
                        .withUpdateStrategy(pod.statefulSet().updateStrategy())
                        .withPodManagementPolicy(pod.statefulSet().podManagementPolicy().map(Enum::name).orElse(null))
                        .withMinReadySeconds(pod.statefulSet().minReadySeconds().orElse(null))
                        .withPersistentVolumeClaimRetentionPolicy(pod.statefulSet().persistentVolumeClaimRetentionPolicy().orElse(null))
                        .build())
                .build();
    }

    /** The operator's init container first, then the user's, if any, with the given mounts. */
    static List<Container> initContainers(Container config, PodSettings pod, List<VolumeMount> userInitMounts) {
        List<Container> containers = new ArrayList<>();
        containers.add(config);
        pod.initContainer().ifPresent(init -> containers.add(UserContainers.init(init, userInitMounts)));
        return containers;
    }

    /** The main container first, then the exporter when it is on, then the user's sidecars. */
    static List<Container> containers(Container main, PodSettings pod, int port, Optional<SecretKeyRef> password, Optional<TlsSettings> tls) {
        List<Container> containers = new ArrayList<>();
        containers.add(main);
        pod.exporter().ifPresent(exporter -> containers.add(ExporterContainer.desired(exporter, port, password, tls)));
        pod.sidecars().forEach(sidecar -> containers.add(UserContainers.sidecar(sidecar)));
        return containers;
    }

    static EnvVar fieldEnv(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(fieldPath).endFieldRef().endValueFrom().build();
    }
}

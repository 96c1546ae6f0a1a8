package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.qsredis.model.common.InitContainer;
import io.qsredis.model.common.Sidecar;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything about the pods of one StatefulSet that is not Redis configuration, as the user wrote it; the
 * renderer adds its secure defaults where a field is empty (security contexts, anti-affinity, probes).
 *
 * @param initContainer the user's init container, present only when {@code initContainer.enabled} is true
 * @param volumes extra volumes of {@code storage.volumeMount.volume} (or {@code volumeMount.volume})
 * @param volumeMounts where the main container mounts them
 */
public record PodSettings(
        String image,
        Optional<String> imagePullPolicy,
        List<LocalObjectReference> imagePullSecrets,
        Optional<ResourceRequirements> resources,
        Optional<Probe> readinessProbe,
        Optional<Probe> livenessProbe,
        Optional<Affinity> affinity,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        List<TopologySpreadConstraint> topologySpreadConstraints,
        Optional<String> priorityClassName,
        Optional<PodSecurityContext> podSecurityContext,
        Optional<SecurityContext> securityContext,
        Optional<Long> terminationGracePeriodSeconds,
        Optional<String> serviceAccountName,
        List<EnvVar> env,
        List<Sidecar> sidecars,
        Optional<InitContainer> initContainer,
        List<Volume> volumes,
        List<VolumeMount> volumeMounts,
        boolean hostNetwork,
        Optional<Integer> hostPort,
        Optional<ExporterSettings> exporter,
        StatefulSetSettings statefulSet,
        List<String> ignoreAnnotations) {

    public PodSettings {
        imagePullSecrets = List.copyOf(imagePullSecrets);
        nodeSelector = Collections.unmodifiableMap(new TreeMap<>(nodeSelector));
        tolerations = List.copyOf(tolerations);
        topologySpreadConstraints = List.copyOf(topologySpreadConstraints);
        env = List.copyOf(env);
        sidecars = List.copyOf(sidecars);
        volumes = List.copyOf(volumes);
        volumeMounts = List.copyOf(volumeMounts);
        ignoreAnnotations = List.copyOf(ignoreAnnotations);
    }
}

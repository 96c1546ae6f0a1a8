package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.qsredis.model.common.AdditionalVolume;
import io.qsredis.model.common.CommonSpec;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.PodManagementPolicy;
import io.qsredis.model.common.PodSpec;

import java.util.List;
import java.util.Optional;

/** Builds {@link PodSettings} from the fields of a spec; the cluster kind passes its per-role fields in. */
final class PodSettingsReader {
    private PodSettingsReader() {}

    /** For the kinds with one StatefulSet and the placement fields at the top of the spec. */
    static PodSettings fromPodSpec(
            PodSpec spec,
            KubernetesConfig config,
            AdditionalVolume volumes,
            List<TopologySpreadConstraint> topologySpreadConstraints,
            PodManagementPolicy podManagementPolicy) {
        return fromCommonSpec(spec, config, Optional.ofNullable(config.resources), Placement.of(spec, topologySpreadConstraints), volumes, false,
                podManagementPolicy);
    }

    /** The pod-level fields common to every kind, with placement, probes and resources given by the caller. */
    static PodSettings fromCommonSpec(
            CommonSpec spec,
            KubernetesConfig config,
            Optional<ResourceRequirements> resources,
            Placement placement,
            AdditionalVolume volumes,
            boolean hostNetwork,
            PodManagementPolicy podManagementPolicy) {
        return new PodSettings(
                config.image,
                Optional.ofNullable(config.imagePullPolicy),
                SpecReader.list(config.imagePullSecrets),
                resources,
                placement.readinessProbe(),
                placement.livenessProbe(),
                placement.affinity(),
                placement.nodeSelector(),
                placement.tolerations(),
                placement.topologySpreadConstraints(),
                Optional.ofNullable(spec.priorityClassName),
                Optional.ofNullable(spec.podSecurityContext),
                placement.securityContext(),
                placement.terminationGracePeriodSeconds(),
                Optional.ofNullable(spec.serviceAccountName),
                SpecReader.list(spec.env),
                SpecReader.list(spec.sidecars),
                SpecReader.initContainer(spec.initContainer),
                volumes == null ? List.of() : SpecReader.list(volumes.volume),
                volumes == null ? List.of() : SpecReader.list(volumes.mountPath),
                hostNetwork,
                Optional.ofNullable(spec.hostPort).filter(port -> port != 0),
                SpecReader.exporter(spec.redisExporter),
                SpecReader.statefulSet(config, podManagementPolicy),
                SpecReader.list(config.ignoreAnnotations));
    }
}

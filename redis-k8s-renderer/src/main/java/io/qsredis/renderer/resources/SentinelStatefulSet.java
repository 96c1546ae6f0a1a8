package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.config.InitScripts;
import io.qsredis.renderer.config.SentinelConf;
import io.qsredis.renderer.model.PodSettings;
import io.qsredis.renderer.model.SentinelSetModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The StatefulSet of {@code redis-sentinel} pods. Sentinel rewrites its configuration file, so the
 * {@code sentinel-config} init container composes a writable copy in the in-memory {@code runtime} volume, and the
 * {@code sentinel} container runs the stock {@code redis-sentinel} on it. A restarted pod starts with no group:
 * the operator tells it what to monitor.
 */
final class SentinelStatefulSet {
    private SentinelStatefulSet() {}

    static StatefulSet desired(SentinelSetModel model) {
        PodSettings pod = model.pod();
        PodSpec podSpec = PodSpecs.common(pod, model.selectorLabels(), List.of())
                .withInitContainers(PodSpecs.initContainers(configInitContainer(model), pod, pod.volumeMounts()))
                .withContainers(PodSpecs.containers(sentinelContainer(model), pod, model.port(), model.password(), model.tls()))
                .withVolumes(volumes(model))
                .build();
        return PodSpecs.statefulSet(model, SentinelConf.sentinelConf(model), podSpec, List.of());
    }

    private static Container configInitContainer(SentinelSetModel model) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(Volumes.mount(PodLayout.CONFIG_VOLUME, PodLayout.CONFIG_DIR, true));
        mounts.add(Volumes.mount(PodLayout.RUNTIME_VOLUME, PodLayout.RUNTIME_DIR, false));
        model.password().ifPresent(secret -> mounts.add(Volumes.mount(PodLayout.PASSWORD_VOLUME, PodLayout.PASSWORD_DIR, true)));
        model.additionalConfigMap().ifPresent(name -> mounts.add(Volumes.mount(PodLayout.ADDITIONAL_CONFIG_VOLUME, PodLayout.ADDITIONAL_CONFIG_DIR, true)));
        return PodSpecs.container(PodLayout.SENTINEL_CONFIG_INIT_CONTAINER, model.pod())
                .withCommand("sh", "-c", InitScripts.sentinelConfig(model))
                .withVolumeMounts(mounts)
                .build();
    }

    private static Container sentinelContainer(SentinelSetModel model) {
        PodSettings pod = model.pod();
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(Volumes.mount(PodLayout.RUNTIME_VOLUME, PodLayout.RUNTIME_DIR, false));
        model.password().ifPresent(secret -> mounts.add(Volumes.mount(PodLayout.PASSWORD_VOLUME, PodLayout.PASSWORD_DIR, true)));
        model.tls().ifPresent(tls -> mounts.add(Volumes.mount(PodLayout.TLS_VOLUME, PodLayout.TLS_DIR, true)));
        mounts.addAll(pod.volumeMounts());
        Probes.Target probeTarget = new Probes.Target(model.port(), model.tls(), model.password().map(secret -> PodLayout.PASSWORD_FILE), Optional.empty());
        return PodSpecs.container(PodLayout.SENTINEL_CONTAINER, pod)
                .withCommand("redis-sentinel")
                .withArgs(PodLayout.SENTINEL_CONF)
                .addNewPort()
                    .withName(Ports.SENTINEL_CLIENT)
                    .withContainerPort(model.port())
                    .withHostPort(pod.hostPort().orElse(null))
                    .withProtocol("TCP")
                .endPort()
                .withEnv(PodSpecs.mainContainerEnv(pod))
                .withReadinessProbe(Probes.sentinelReadiness(pod.readinessProbe(), probeTarget, model.masterGroupName()))
                .withLivenessProbe(Probes.liveness(pod.livenessProbe(), probeTarget))
                .withVolumeMounts(mounts)
                .build();
    }

    private static List<Volume> volumes(SentinelSetModel model) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(Volumes.config(model.configMapName()));
        volumes.add(Volumes.runtime());
        model.password().ifPresent(secret -> volumes.add(Volumes.password(secret)));
        model.additionalConfigMap().ifPresent(name -> volumes.add(Volumes.additionalConfig(name, PodLayout.ADDITIONAL_SENTINEL_CONF_KEY)));
        model.tls().ifPresent(tls -> volumes.add(Volumes.tls(tls)));
        volumes.addAll(model.pod().volumes());
        return volumes;
    }
}

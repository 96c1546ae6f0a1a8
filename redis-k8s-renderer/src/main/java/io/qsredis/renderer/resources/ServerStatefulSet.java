package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.config.InitScripts;
import io.qsredis.renderer.config.OperatorAclUser;
import io.qsredis.renderer.config.RedisConf;
import io.qsredis.renderer.model.AclSettings;
import io.qsredis.renderer.model.PodSettings;
import io.qsredis.renderer.model.RedisSettings;
import io.qsredis.renderer.model.ServerSetModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The StatefulSet of {@code redis-server} pods. The {@code redis} container runs the image's stock
 * {@code redis-server} on the rendered redis.conf, so any Redis 7 image works; the {@code config} init container
 * first writes the password and the pod's identity into an in-memory volume that redis.conf includes, and with ACLs
 * the effective ACL file ({@link InitScripts}).
 */
final class ServerStatefulSet {
    private ServerStatefulSet() {}

    /** @param avoid selectors of pods this StatefulSet's pods should preferably not share a node with */
    static StatefulSet desired(ServerSetModel model, List<Map<String, String>> avoid) {
        PodSettings pod = model.pod();
        String dataVolume = model.dataClaim().isPresent() ? model.name() : PodLayout.DATA_EMPTY_DIR_VOLUME;
        VolumeMount dataMount = Volumes.mount(dataVolume, PodLayout.DATA_DIR, false);

        List<VolumeMount> userInitMounts = new ArrayList<>();
        userInitMounts.add(dataMount);
        userInitMounts.addAll(pod.volumeMounts());
        PodSpec podSpec = PodSpecs.common(pod, model.selectorLabels(), avoid)
                .withInitContainers(PodSpecs.initContainers(configInitContainer(model), pod, userInitMounts))
                .withContainers(PodSpecs.containers(redisContainer(model, dataMount), pod, model.port(), model.redis().password(), model.redis().tls()))
                .withVolumes(volumes(model))
                .build();
        return PodSpecs.statefulSet(model, RedisConf.redisConf(model), podSpec, claimTemplates(model));
    }

    private static Container configInitContainer(ServerSetModel model) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(Volumes.mount(PodLayout.RUNTIME_VOLUME, PodLayout.RUNTIME_DIR, false));
        model.redis().password().ifPresent(secret -> mounts.add(Volumes.mount(PodLayout.PASSWORD_VOLUME, PodLayout.PASSWORD_DIR, true)));
        model.redis().acl().ifPresent(acl -> {
            mounts.add(Volumes.mount(PodLayout.OPERATOR_ACL_VOLUME, PodLayout.OPERATOR_ACL_DIR, true));
            acl.persistentVolumeClaim().ifPresent(claim -> mounts.add(Volumes.mount(PodLayout.ACL_VOLUME, PodLayout.ACL_PVC_DIR, true)));
        });
        List<EnvVar> env = RedisConf.writesPodConf(model)
                ? List.of(PodSpecs.fieldEnv(PodLayout.POD_NAME_ENV, "metadata.name"))
                : List.of();
        return PodSpecs.container(PodLayout.CONFIG_INIT_CONTAINER, model.pod())
                .withCommand("sh", "-c", InitScripts.redisConfig(model))
                .withEnv(env)
                .withVolumeMounts(mounts)
                .build();
    }

    private static Container redisContainer(ServerSetModel model, VolumeMount dataMount) {
        PodSettings pod = model.pod();
        RedisSettings redis = model.redis();
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(new ContainerPortBuilder()
                .withName(Ports.REDIS_CLIENT)
                .withContainerPort(model.port())
                .withHostPort(pod.hostPort().orElse(null))
                .withProtocol("TCP")
                .build());
        model.cluster().ifPresent(cluster -> ports.add(new ContainerPortBuilder()
                .withName(Ports.REDIS_BUS).withContainerPort(cluster.busPort()).withProtocol("TCP").build()));
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(Volumes.mount(PodLayout.CONFIG_VOLUME, PodLayout.CONFIG_DIR, true));
        // ACL SAVE rewrites the ACL file in the runtime volume.
        mounts.add(Volumes.mount(PodLayout.RUNTIME_VOLUME, PodLayout.RUNTIME_DIR, redis.acl().isEmpty()));
        mounts.add(dataMount);
        model.cluster().flatMap(cluster -> cluster.nodeConfClaim())
                .ifPresent(claim -> mounts.add(Volumes.mount(PodLayout.NODE_CONF_VOLUME, PodLayout.NODE_CONF_DIR, false)));
        redis.password().ifPresent(secret -> mounts.add(Volumes.mount(PodLayout.PASSWORD_VOLUME, PodLayout.PASSWORD_DIR, true)));
        redis.additionalConfigMap().ifPresent(name -> mounts.add(Volumes.mount(PodLayout.ADDITIONAL_CONFIG_VOLUME, PodLayout.ADDITIONAL_CONFIG_DIR, true)));
        redis.tls().ifPresent(tls -> mounts.add(Volumes.mount(PodLayout.TLS_VOLUME, PodLayout.TLS_DIR, true)));
        // The probes log in as the operator's own user: the user's file may restrict the default user even from PING.
        redis.acl().ifPresent(acl -> mounts.add(Volumes.mount(PodLayout.OPERATOR_ACL_VOLUME, PodLayout.OPERATOR_ACL_DIR, true)));
        mounts.addAll(pod.volumeMounts());

        Probes.Target probeTarget = redis.acl().isPresent()
                ? new Probes.Target(model.port(), redis.tls(), Optional.of(PodLayout.OPERATOR_PASSWORD_FILE), Optional.of(OperatorAclUser.NAME))
                : new Probes.Target(model.port(), redis.tls(), redis.password().map(secret -> PodLayout.PASSWORD_FILE), Optional.empty());
        return PodSpecs.container(PodLayout.REDIS_CONTAINER, pod)
                .withCommand("redis-server")
                .withArgs(PodLayout.REDIS_CONF)
                .withPorts(ports)
                .withEnv(PodSpecs.mainContainerEnv(pod))
                .withReadinessProbe(Probes.readiness(pod.readinessProbe(), probeTarget))
                .withLivenessProbe(Probes.liveness(pod.livenessProbe(), probeTarget))
                .withVolumeMounts(mounts)
                .build();
    }

    private static List<Volume> volumes(ServerSetModel model) {
        RedisSettings redis = model.redis();
        List<Volume> volumes = new ArrayList<>();
        volumes.add(Volumes.config(model.configMapName()));
        volumes.add(Volumes.runtime());
        if (model.dataClaim().isEmpty()) {
            volumes.add(Volumes.dataEmptyDir());
        }
        redis.password().ifPresent(secret -> volumes.add(Volumes.password(secret)));
        redis.additionalConfigMap().ifPresent(name -> volumes.add(Volumes.additionalConfig(name, PodLayout.ADDITIONAL_REDIS_CONF_KEY)));
        redis.tls().ifPresent(tls -> volumes.add(Volumes.tls(tls)));
        redis.acl().ifPresent(acl -> volumes.addAll(Volumes.acl(acl, AclSettings.operatorSecretName(model.owner().name(), model.owner().kind()))));
        volumes.addAll(model.pod().volumes());
        return volumes;
    }

    /** Named so that the PVCs are {@code <sts>-<sts>-<i>} and {@code node-conf-<sts>-<i>}, as upstream's. */
    private static List<PersistentVolumeClaim> claimTemplates(ServerSetModel model) {
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        model.cluster().flatMap(cluster -> cluster.nodeConfClaim())
                .ifPresent(claim -> claims.add(claimTemplate(PodLayout.NODE_CONF_VOLUME, claim, model)));
        model.dataClaim().ifPresent(claim -> claims.add(claimTemplate(model.name(), claim, model)));
        return claims;
    }

    /**
     * The user's claim with the given name, the StatefulSet's selector labels (never labels that may change: the
     * templates are immutable), ReadWriteOnce and Filesystem unless the user chose otherwise.
     */
    private static PersistentVolumeClaim claimTemplate(String name, PersistentVolumeClaim claim, ServerSetModel model) {
        PersistentVolumeClaimBuilder template = new PersistentVolumeClaimBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(name)
                        .withLabels(model.selectorLabels())
                        .withAnnotations(Optional.ofNullable(claim.getMetadata()).map(meta -> meta.getAnnotations()).orElse(null))
                        .build())
                .withSpec(claim.getSpec());
        PersistentVolumeClaim built = template.build();
        if (built.getSpec() == null) {
            return template.withNewSpec().withAccessModes("ReadWriteOnce").withVolumeMode("Filesystem").endSpec().build();
        }
        return template.editSpec()
                .withAccessModes(built.getSpec().getAccessModes() == null || built.getSpec().getAccessModes().isEmpty()
                        ? List.of("ReadWriteOnce")
                        : built.getSpec().getAccessModes())
                .withVolumeMode(built.getSpec().getVolumeMode() == null ? "Filesystem" : built.getSpec().getVolumeMode())
                .endSpec()
                .build();
    }
}

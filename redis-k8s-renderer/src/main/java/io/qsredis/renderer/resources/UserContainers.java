package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.qsredis.model.common.InitContainer;
import io.qsredis.model.common.Sidecar;
import io.qsredis.renderer.PodLayout;

import java.util.List;

/** The containers the user adds: {@code spec.sidecars} and {@code spec.initContainer}, as written. */
final class UserContainers {
    private UserContainers() {}

    static Container sidecar(Sidecar sidecar) {
        return new ContainerBuilder()
                .withName(sidecar.name)
                .withImage(sidecar.image)
                .withImagePullPolicy(sidecar.imagePullPolicy)
                .withCommand(sidecar.command)
                .withEnv(sidecar.env)
                .withPorts(sidecar.ports)
                .withResources(sidecar.resources)
                .withSecurityContext(sidecar.securityContext)
                .withVolumeMounts(sidecar.mountPath)
                .build();
    }

    /** Runs before the operator's containers with the given mounts (upstream's: the data volume and the user's). */
    static Container init(InitContainer init, List<VolumeMount> mounts) {
        return new ContainerBuilder()
                .withName(PodLayout.USER_INIT_CONTAINER)
                .withImage(init.image)
                .withImagePullPolicy(init.imagePullPolicy)
                .withCommand(init.command)
                .withArgs(init.args)
                .withEnv(init.env)
                .withResources(init.resources)
                .withSecurityContext(init.securityContext)
                .withVolumeMounts(mounts)
                .build();
    }
}

package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

import java.util.Map;

/** {@code X}: the ClusterIP Service apps connect to, over every pod of the StatefulSet. */
final class ClientService {
    private ClientService() {}

    static Service desired(ServiceTarget target) {
        return new ServiceBuilder()
                .withMetadata(ObjectMetas.of(target.baseName(), target.owner(), target.labels(), Map.of()))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(target.selector())
                    .withPorts(target.ports())
                .endSpec()
                .build();
    }
}

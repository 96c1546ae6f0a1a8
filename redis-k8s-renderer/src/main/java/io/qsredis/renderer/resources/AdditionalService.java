package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** {@code X-additional}: the Service of the user's type and annotations (LoadBalancer, NodePort...), or null when disabled. */
final class AdditionalService {
    private AdditionalService() {}

    static Service desired(ServiceTarget target) {
        if (!target.settings().additionalEnabled()) {
            return null;
        }
        return new ServiceBuilder()
                .withMetadata(ObjectMetas.of(target.baseName() + "-additional", target.owner(), target.labels(), target.settings().additionalAnnotations()))
                .withNewSpec()
                    .withType(target.settings().additionalType().name())
                    .withSelector(target.selector())
                    .withPorts(target.ports())
                .endSpec()
                .build();
    }

    static String name(ServiceTarget target) {
        return target.baseName() + "-additional";
    }
}

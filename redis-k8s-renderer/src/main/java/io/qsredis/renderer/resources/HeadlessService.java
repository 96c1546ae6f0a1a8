package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * {@code X-headless} (embedded Sentinels: {@code X-s-hl}): the StatefulSet's {@code serviceName}, giving each pod its
 * DNS name. It publishes pods before they are ready, because nodes announce and look up these names while starting.
 * It always exists: without it pod DNS names, which cluster nodes announce, would not resolve.
 */
final class HeadlessService {
    private HeadlessService() {}

    static Service desired(ServiceTarget target) {
        return new ServiceBuilder()
                .withMetadata(ObjectMetas.of(target.headlessName(), target.owner(), target.labels(), target.settings().headlessAnnotations()))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(target.selector())
                    .withPorts(target.ports())
                .endSpec()
                .build();
    }
}

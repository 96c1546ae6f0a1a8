package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.qsredis.renderer.model.Labels;
import io.qsredis.renderer.model.Owner;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code X-master} and {@code X-replica}: Services over the pods whose {@code redis-role} label the operator sets live
 * to what Redis says they are, so that they follow failovers.
 */
final class RedisRoleService {
    private RedisRoleService() {}

    static Service desired(Owner owner, String name, Map<String, String> labels, Map<String, String> podSelector, String redisRole, int port) {
        Map<String, String> selector = new TreeMap<>(podSelector);
        selector.put(Labels.REDIS_ROLE, redisRole);
        return new ServiceBuilder()
                .withMetadata(ObjectMetas.of(name, owner, labels, Map.of()))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(selector)
                    .withPorts(Ports.servicePort(Ports.REDIS_CLIENT, port))
                .endSpec()
                .build();
    }
}

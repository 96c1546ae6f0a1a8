package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/** The port names of the API contract. */
public final class Ports {
    public static final String REDIS_CLIENT = "redis-client";
    public static final String REDIS_BUS = "redis-bus";
    public static final String REDIS_EXPORTER = "redis-exporter";
    public static final String SENTINEL_CLIENT = "sentinel-client";

    private Ports() {}

    static ServicePort servicePort(String name, int port) {
        return new ServicePortBuilder()
                .withName(name)
                .withProtocol("TCP")
                .withPort(port)
                .withTargetPort(new IntOrString(port))
                .build();
    }
}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;
import java.util.Optional;

/** The redis_exporter sidecar, present only when {@code redisExporter.enabled} is true. */
public record ExporterSettings(
        String image,
        Optional<String> imagePullPolicy,
        int port,
        Optional<ResourceRequirements> resources,
        List<EnvVar> env,
        Optional<SecurityContext> securityContext) {

    public ExporterSettings {
        env = List.copyOf(env);
    }
}

package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.qsredis.renderer.model.ExporterSettings;

import java.util.Map;

/** {@code X-metrics}: the exporter's port, annotated for Prometheus scraping, or null when the exporter is off. */
final class MetricsService {
    private MetricsService() {}

    static Service desired(ServiceTarget target) {
        if (target.exporter().isEmpty()) {
            return null;
        }
        ExporterSettings exporter = target.exporter().get();
        return new ServiceBuilder()
                .withMetadata(ObjectMetas.of(name(target), target.owner(), target.labels(),
                        Map.of("prometheus.io/scrape", "true", "prometheus.io/port", String.valueOf(exporter.port()))))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(target.selector())
                    .withPorts(Ports.servicePort(Ports.REDIS_EXPORTER, exporter.port()))
                .endSpec()
                .build();
    }

    static String name(ServiceTarget target) {
        return target.baseName() + "-metrics";
    }
}

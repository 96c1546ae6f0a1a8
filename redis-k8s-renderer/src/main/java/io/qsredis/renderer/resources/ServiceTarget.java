package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.ServicePort;
import io.qsredis.renderer.model.ExporterSettings;
import io.qsredis.renderer.model.Owner;
import io.qsredis.renderer.model.SentinelSetModel;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.model.ServiceSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the Services of one StatefulSet share: their base name, labels, selector and client ports. */
record ServiceTarget(
        Owner owner,
        String baseName,
        String headlessName,
        Map<String, String> labels,
        Map<String, String> selector,
        List<ServicePort> ports,
        ServiceSettings settings,
        Optional<ExporterSettings> exporter) {

    static ServiceTarget of(ServerSetModel model) {
        List<ServicePort> ports = new ArrayList<>();
        ports.add(Ports.servicePort(Ports.REDIS_CLIENT, model.port()));
        model.cluster()
                .filter(cluster -> model.service().includeBusPort())
                .ifPresent(cluster -> ports.add(Ports.servicePort(Ports.REDIS_BUS, cluster.busPort())));
        return new ServiceTarget(model.owner(), model.name(), model.headlessServiceName(), model.labels(), model.selectorLabels(),
                ports, model.service(), model.pod().exporter());
    }

    static ServiceTarget of(SentinelSetModel model) {
        return new ServiceTarget(model.owner(), model.name(), model.headlessServiceName(), model.labels(), model.selectorLabels(),
                List.of(Ports.servicePort(Ports.SENTINEL_CLIENT, model.port())), model.service(), model.pod().exporter());
    }
}

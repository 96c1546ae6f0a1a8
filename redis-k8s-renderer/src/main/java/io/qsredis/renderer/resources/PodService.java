package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.qsredis.renderer.DesiredObject;
import io.qsredis.renderer.model.Labels;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.model.SetupType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <pod>}: each Redis server pod's own Service when {@code kubernetesConfig.service.serviceType} is NodePort or
 * LoadBalancer (upstream's per-pod NodePort Services, by the same names), selecting that one pod by
 * {@code statefulset.kubernetes.io/pod-name}, with the client port and, on cluster nodes, the bus port (a node's peers
 * and its clients outside the cluster reach it through these, so it publishes the pod before it is ready, as the
 * headless Service does: a starting node's peers must reach its bus). The operator reads the allocated node ports (or the
 * load balancer's address) back and has the node announce them. Absent for every pod otherwise; none for a standalone
 * Redis, whose {@code -additional} Service already is of the user's type.
 */
final class PodService {
    private PodService() {}

    static List<DesiredObject> desired(ServerSetModel model) {
        List<DesiredObject> services = new ArrayList<>();
        if (model.setupType() == SetupType.STANDALONE) {
            return services;
        }
        for (int ordinal = 0; ordinal < model.replicas(); ordinal++) {
            String pod = model.podName(ordinal);
            services.add(DesiredObject.of(Service.class, pod,
                    model.service().podServiceType().map(type -> service(model, pod, type.name())).orElse(null)));
        }
        return services;
    }

    private static Service service(ServerSetModel model, String pod, String type) {
        Map<String, String> selector = new TreeMap<>(model.selectorLabels());
        selector.put(Labels.POD_NAME, pod);
        Map<String, String> labels = new TreeMap<>(model.labels());
        labels.put(Labels.POD_NAME, pod);
        List<ServicePort> ports = new ArrayList<>();
        ports.add(Ports.servicePort(Ports.REDIS_CLIENT, model.port()));
        model.cluster().ifPresent(cluster -> ports.add(Ports.servicePort(Ports.REDIS_BUS, cluster.busPort())));
        return new ServiceBuilder()
                .withMetadata(ObjectMetas.of(pod, model.owner(), labels, model.service().podServiceAnnotations()))
                .withNewSpec()
                    .withType(type)
                    .withPublishNotReadyAddresses(true)
                    .withSelector(selector)
                    .withPorts(ports)
                .endSpec()
                .build();
    }
}

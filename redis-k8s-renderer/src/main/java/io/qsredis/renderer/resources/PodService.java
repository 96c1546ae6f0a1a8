package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.qsredis.renderer.DesiredObject;
import io.qsredis.renderer.model.Labels;
import io.qsredis.renderer.model.PodSetModel;
import io.qsredis.renderer.model.SentinelSetModel;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.model.ServiceSettings;
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
 * Redis, whose {@code -additional} Service already is of the user's type. Sentinel pods (a RedisSentinel's, a
 * replication's own) get one the same way under their own {@code serviceType}.
 */
final class PodService {
    private PodService() {}

    static List<DesiredObject> desired(ServerSetModel model) {
        if (model.setupType() == SetupType.STANDALONE) {
            return new ArrayList<>();
        }
        List<ServicePort> ports = new ArrayList<>();
        ports.add(Ports.servicePort(Ports.REDIS_CLIENT, model.port()));
        model.cluster().ifPresent(cluster -> ports.add(Ports.servicePort(Ports.REDIS_BUS, cluster.busPort())));
        return desired(model, model.service(), ports);
    }

    /**
     * Each Sentinel pod's own Service under the Sentinels' {@code serviceType} NodePort or LoadBalancer: through it a
     * client outside the Kubernetes cluster asks that Sentinel, which announces it to its peers.
     */
    static List<DesiredObject> desired(SentinelSetModel model) {
        return desired(model, model.service(), List.of(Ports.servicePort(Ports.SENTINEL_CLIENT, model.port())));
    }

    private static List<DesiredObject> desired(PodSetModel model, ServiceSettings settings, List<ServicePort> ports) {
        List<DesiredObject> services = new ArrayList<>();
        for (int ordinal = 0; ordinal < model.replicas(); ordinal++) {
            String pod = model.name() + "-" + ordinal;
            services.add(DesiredObject.of(Service.class, pod,
                    settings.podServiceType().map(type -> service(model, settings, pod, type.name(), ports)).orElse(null)));
        }
        return services;
    }

    private static Service service(PodSetModel model, ServiceSettings settings, String pod, String type, List<ServicePort> ports) {
        Map<String, String> selector = new TreeMap<>(model.selectorLabels());
        selector.put(Labels.POD_NAME, pod);
        Map<String, String> labels = new TreeMap<>(model.labels());
        labels.put(Labels.POD_NAME, pod);
        return new ServiceBuilder()
                .withMetadata(ObjectMetas.of(pod, model.owner(), labels, settings.podServiceAnnotations()))
                .withNewSpec()
                    .withType(type)
                    .withPublishNotReadyAddresses(true)
                    .withSelector(selector)
                    .withPorts(ports)
                .endSpec()
                .build();
    }
}

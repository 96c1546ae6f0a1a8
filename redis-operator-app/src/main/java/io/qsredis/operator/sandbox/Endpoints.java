package io.qsredis.operator.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where clients on this machine reach the sandbox: every Service mapped to the {@code ip:port} of the ready pods its
 * selector picks (what its Endpoints would hold), and every pod to its address. Only ports of the containers the
 * testbed runs count ({@code redis}, {@code sentinel}); sidecars such as the exporter need their own images.
 *
 * @param services {@code namespace/service} to sorted {@code ip:port}
 * @param pods {@code namespace/pod} to its address
 */
public record Endpoints(Map<String, List<String>> services, Map<String, String> pods) {
    static final Set<String> RUN_CONTAINERS = Set.of("redis", "sentinel");

    public static Endpoints of(List<Service> services, List<Pod> pods) {
        Map<String, String> podAddresses = new TreeMap<>();
        for (Pod pod : pods) {
            ip(pod).ifPresent(ip -> podAddresses.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), ip));
        }
        Map<String, List<String>> serviceEndpoints = new TreeMap<>();
        for (Service service : services) {
            Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                continue;
            }
            Set<String> addresses = new TreeSet<>();
            for (Pod pod : pods) {
                if (!service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()) || !isReady(pod) || ip(pod).isEmpty()) {
                    continue;
                }
                Map<String, String> labels = pod.getMetadata().getLabels();
                if (labels == null || !labels.entrySet().containsAll(selector.entrySet())) {
                    continue;
                }
                for (ServicePort port : service.getSpec().getPorts()) {
                    targetPort(pod, port).ifPresent(target -> addresses.add(ip(pod).get() + ":" + target));
                }
            }
            serviceEndpoints.put(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName(), new ArrayList<>(addresses));
        }
        return new Endpoints(serviceEndpoints, podAddresses);
    }

    /** The pod port a Service port sends to, if a container the testbed runs serves it. */
    private static Optional<Integer> targetPort(Pod pod, ServicePort port) {
        IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
        List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
        for (Container container : containers) {
            for (ContainerPort declared : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                boolean matches = target.getIntVal() != null
                        ? target.getIntVal().equals(declared.getContainerPort())
                        : target.getStrVal().equals(declared.getName());
                if (matches) {
                    return RUN_CONTAINERS.contains(container.getName()) ? Optional.of(declared.getContainerPort()) : Optional.empty();
                }
            }
        }
        return Optional.ofNullable(target.getIntVal());
    }

    private static Optional<String> ip(Pod pod) {
        return Optional.ofNullable(pod.getStatus()).map(s -> s.getPodIP()).filter(ip -> !ip.isBlank());
    }

    private static boolean isReady(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}

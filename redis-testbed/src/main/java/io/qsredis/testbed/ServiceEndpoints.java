package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Which pods stand behind a Service, as the endpoints controller decides: the pods of the Service's namespace
 * that carry every label of its selector, have an address and are not being deleted; ready ones (or all of
 * them with {@code publishNotReadyAddresses}) serve, each on the target port of each Service port, a named
 * target port being looked up among the pod's container ports.
 */
final class ServiceEndpoints {

    private ServiceEndpoints() {}

    /** The Endpoints object of {@code service}, or empty if the Service has no selector. */
    static Optional<Endpoints> of(Service service, List<Pod> pods) {
        if (!hasSelector(service)) {
            return Optional.empty();
        }
        List<EndpointAddress> ready = new ArrayList<>();
        List<EndpointAddress> notReady = new ArrayList<>();
        List<EndpointPort> ports = new ArrayList<>();
        for (Pod pod : selected(service, pods)) {
            EndpointAddress address = new EndpointAddressBuilder()
                    .withIp(pod.getStatus().getPodIP())
                    .withHostname(pod.getSpec().getHostname())
                    .withNodeName(pod.getSpec().getNodeName())
                    .withNewTargetRef()
                        .withKind("Pod")
                        .withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid())
                    .endTargetRef()
                    .build();
            (serves(service, pod) ? ready : notReady).add(address);
            if (ports.isEmpty()) {
                for (ServicePort port : service.getSpec().getPorts()) {
                    targetPort(port, pod).ifPresent(target -> ports.add(new EndpointPortBuilder()
                            .withName(port.getName())
                            .withPort(target)
                            .withProtocol(port.getProtocol() == null ? "TCP" : port.getProtocol())
                            .build()));
                }
            }
        }
        ready.sort(Comparator.comparing(EndpointAddress::getIp));
        notReady.sort(Comparator.comparing(EndpointAddress::getIp));
        List<EndpointSubset> subsets = ready.isEmpty() && notReady.isEmpty()
                ? List.of()
                : List.of(new EndpointSubsetBuilder()
                        .withAddresses(ready)
                        .withNotReadyAddresses(notReady)
                        .withPorts(ports)
                        .build());
        return Optional.of(new EndpointsBuilder()
                .withNewMetadata()
                    .withName(service.getMetadata().getName())
                    .withNamespace(service.getMetadata().getNamespace())
                    .withLabels(service.getMetadata().getLabels())
                .endMetadata()
                .withSubsets(subsets)
                .build());
    }

    /**
     * {@code ip:port} of every serving pod for each Service port that reaches the pod's main container, the
     * one process the testbed runs (an exporter port, say, is left out): sorted.
     */
    static List<String> addresses(Service service, List<Pod> pods) {
        TreeSet<String> addresses = new TreeSet<>();
        if (!hasSelector(service)) {
            return List.of();
        }
        for (Pod pod : selected(service, pods)) {
            if (!serves(service, pod)) {
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                targetPort(port, pod)
                        .filter(target -> servedByMainContainer(pod, target))
                        .ifPresent(target -> addresses.add(pod.getStatus().getPodIP() + ":" + target));
            }
        }
        return List.copyOf(addresses);
    }

    /** Whether the Service selects pods, and so has its endpoints managed. */
    static boolean hasSelector(Service service) {
        return service.getSpec() != null && service.getSpec().getSelector() != null
                && !service.getSpec().getSelector().isEmpty();
    }

    static List<Pod> selected(Service service, List<Pod> pods) {
        Map<String, String> selector = service.getSpec().getSelector();
        return pods.stream()
                .filter(pod -> pod.getMetadata().getNamespace().equals(service.getMetadata().getNamespace()))
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .filter(pod -> pod.getStatus() != null && pod.getStatus().getPodIP() != null)
                .filter(pod -> pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
    }

    static boolean serves(Service service, Pod pod) {
        return Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses()) || StatefulSetController.isReady(pod);
    }

    static Optional<Integer> targetPort(ServicePort port, Pod pod) {
        if (port.getTargetPort() == null) {
            return Optional.of(port.getPort());
        }
        if (port.getTargetPort().getIntVal() != null) {
            return Optional.of(port.getTargetPort().getIntVal());
        }
        String name = port.getTargetPort().getStrVal();
        return pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .filter(containerPort -> name.equals(containerPort.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst();
    }

    private static boolean servedByMainContainer(Pod pod, int port) {
        for (Container container : pod.getSpec().getContainers()) {
            Optional<ContainerRole> role = ContainerRole.ofMain(container);
            if (role.isPresent()) {
                OptionalInt declared = container.getPorts().stream().mapToInt(ContainerPort::getContainerPort)
                        .filter(p -> p == port).findFirst();
                return declared.isPresent() || (container.getPorts().isEmpty() && role.get().defaultPort() == port);
            }
        }
        return false;
    }
}

package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.qsredis.model.common.ServiceType;
import io.qsredis.renderer.resources.Ports;
import io.qsredis.topology.Endpoint;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The address and ports a Redis server pod announces to its peers and clients ({@code cluster-announce-ip/port/bus-port},
 * {@code replica-announce-ip/port}), decided from its own Service (rendered under {@code serviceType} NodePort or
 * LoadBalancer) and the pod: with NodePort, the pod's node ({@code status.hostIP}) and the Service's node ports
 * (upstream's choice); with LoadBalancer, the load balancer's ingress IP and the Service's ports. Without a pod Service
 * a node announces nothing of its own: its pod IP and standard ports. Until Kubernetes has allocated what it needs
 * (a node port, a host IP, an ingress IP) the announcement is pending and says what it waits for: a node must not meet
 * or be met by the others at an address its clients cannot reach. Pure.
 */
sealed interface Announcement {

    /** No pod Service: the node is reached at its pod IP. */
    record Internal() implements Announcement {}

    /**
     * Reached from outside the Kubernetes cluster at {@code client}, its cluster bus (cluster nodes) at {@code client}'s
     * host and {@code busPort}.
     */
    record Outside(Endpoint client, OptionalInt busPort, String how) implements Announcement {}

    /** What Kubernetes has not allocated yet. */
    record Pending(String reason) implements Announcement {}

    /**
     * @param podServiceType the type of each pod's own Service, when it has one
     * @param pod the pod
     * @param service the pod's own Service as the API holds it, if it exists yet
     * @param clientPort the name of the Service's port clients reach the pod at ({@link Ports#REDIS_CLIENT},
     *     {@link Ports#SENTINEL_CLIENT})
     * @param cluster whether the pod is a cluster node, which announces its bus port too
     */
    static Announcement decide(Optional<ServiceType> podServiceType, Pod pod, Optional<Service> service, String clientPort, boolean cluster) {
        if (podServiceType.isEmpty()) {
            return new Internal();
        }
        String name = pod.getMetadata().getName();
        if (service.isEmpty()) {
            return new Pending("the Service " + name + " does not exist yet");
        }
        Optional<ServicePort> client = port(service.get(), clientPort);
        Optional<ServicePort> bus = cluster ? port(service.get(), Ports.REDIS_BUS) : Optional.empty();
        if (client.isEmpty() || (cluster && bus.isEmpty())) {
            return new Pending("the Service " + name + " lacks the port " + (client.isEmpty() ? clientPort : Ports.REDIS_BUS));
        }
        if (!podServiceType.get().name().equals(service.get().getSpec().getType())) {
            return new Pending("the Service " + name + " is still of type " + service.get().getSpec().getType());
        }
        if (podServiceType.get() == ServiceType.LoadBalancer) {
            Optional<String> ip = ingressIp(service.get());
            if (ip.isEmpty()) {
                return new Pending("the load balancer of the Service " + name + " has no ingress IP yet");
            }
            return new Outside(new Endpoint(ip.get(), client.get().getPort()),
                    bus.map(p -> OptionalInt.of(p.getPort())).orElse(OptionalInt.empty()), "the load balancer of the Service " + name);
        }
        Optional<String> hostIp = Optional.ofNullable(pod.getStatus()).map(status -> status.getHostIP()).filter(ip -> !ip.isBlank());
        if (hostIp.isEmpty()) {
            return new Pending("the pod " + name + " has no host IP yet");
        }
        if (nodePort(client.get()).isEmpty() || bus.filter(p -> nodePort(p).isEmpty()).isPresent()) {
            return new Pending("the Service " + name + " has no node port allocated yet");
        }
        return new Outside(new Endpoint(hostIp.get(), nodePort(client.get()).getAsInt()),
                bus.map(p -> nodePort(p)).orElse(OptionalInt.empty()), "the node ports of the Service " + name + " on the pod's node");
    }

    /**
     * The {@code CONFIG SET} lines that make a node announce this; none while pending. An internal cluster node announces
     * nothing of its own (no address, no ports: its peers see its pod IP), so that a node whose pod Service went back to
     * ClusterIP is named by its pod IP again (an address per pod is nothing a user's configuration, the same for every
     * pod, could set). An internal replication server is left as it is.
     */
    default List<String> configLines(boolean cluster) {
        if (this instanceof Internal) {
            return cluster
                    ? List.of("cluster-announce-ip \"\"", "cluster-announce-port 0", "cluster-announce-bus-port 0", "replica-announce-ip \"\"",
                            "replica-announce-port 0")
                    : List.of();
        }
        if (!(this instanceof Outside outside)) {
            return List.of();
        }
        String host = outside.client().host();
        int port = outside.client().port();
        return cluster
                ? List.of("cluster-announce-ip " + host, "cluster-announce-port " + port, "cluster-announce-bus-port " + outside.busPort().orElse(0),
                        "replica-announce-ip " + host, "replica-announce-port " + port)
                : List.of("replica-announce-ip " + host, "replica-announce-port " + port);
    }

    /** Where the operator and the node's peers reach it: the announced client endpoint, or the pod IP; empty while pending. */
    default Optional<Endpoint> endpoint(Optional<String> podIp, int port) {
        if (this instanceof Outside outside) {
            return Optional.of(outside.client());
        }
        return this instanceof Internal ? podIp.map(ip -> new Endpoint(ip, port)) : Optional.empty();
    }

    private static Optional<ServicePort> port(Service service, String name) {
        return service.getSpec() == null || service.getSpec().getPorts() == null
                ? Optional.empty()
                : service.getSpec().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst();
    }

    private static OptionalInt nodePort(ServicePort port) {
        return port.getNodePort() == null || port.getNodePort() == 0 ? OptionalInt.empty() : OptionalInt.of(port.getNodePort());
    }

    private static Optional<String> ingressIp(Service service) {
        List<LoadBalancerIngress> ingress = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                ? null
                : service.getStatus().getLoadBalancer().getIngress();
        return ingress == null ? Optional.empty() : ingress.stream().map(LoadBalancerIngress::getIp).filter(ip -> ip != null && !ip.isBlank()).findFirst();
    }
}

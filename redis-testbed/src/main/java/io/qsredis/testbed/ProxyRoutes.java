package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the testbed's kube-proxy forwards for one Service, as kube-proxy and a cloud's load balancer would: each node
 * port on the host IP of each pod serving the Service (every pod is alone on its node, {@link PodAddresses}, so this is
 * kube-proxy's {@code externalTrafficPolicy: Local}) to that pod's target port; and a LoadBalancer Service's ports on
 * its load balancer address to every serving pod, a connection each in turn. Pure.
 */
final class ProxyRoutes {

    /** Where a forwarded connection goes. */
    record Target(String host, int port) {}

    /** Connections to {@code host:port} go to one of {@code targets}. */
    record Route(String host, int port, List<Target> targets) {}

    private ProxyRoutes() {}

    static List<Route> of(Service service, List<Pod> pods, Optional<String> loadBalancerAddress) {
        if (service.getSpec() == null || !NodePorts.needsNodePorts(service.getSpec().getType()) || !ServiceEndpoints.hasSelector(service)) {
            return List.of();
        }
        List<Pod> serving = ServiceEndpoints.selected(service, pods).stream()
                .filter(pod -> ServiceEndpoints.serves(service, pod))
                .filter(pod -> pod.getStatus().getHostIP() != null)
                .toList();
        List<Route> routes = new ArrayList<>();
        for (ServicePort port : service.getSpec().getPorts()) {
            List<Target> all = new ArrayList<>();
            for (Pod pod : serving) {
                Optional<Integer> target = ServiceEndpoints.targetPort(port, pod);
                if (target.isEmpty()) {
                    continue;
                }
                Target own = new Target(pod.getStatus().getPodIP(), target.get());
                all.add(own);
                if (port.getNodePort() != null && port.getNodePort() != 0) {
                    routes.add(new Route(pod.getStatus().getHostIP(), port.getNodePort(), List.of(own)));
                }
            }
            if (loadBalancerAddress.isPresent() && !all.isEmpty()) {
                routes.add(new Route(loadBalancerAddress.get(), port.getPort(), List.copyOf(all)));
            }
        }
        return routes;
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the testbed's kube-proxy forwards for a Service: node ports per pod host IP, load balancer ports to every pod. */
class ProxyRoutesTest {

    private static Pod pod(String name, String podIp, String hostIp, boolean ready) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withLabels(Map.of("app", "web")).endMetadata()
                .withNewStatus()
                    .withPodIP(podIp)
                    .withHostIP(hostIp)
                    .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus()
                .build();
    }

    private static Service service(String type, boolean publishNotReady) {
        return new ServiceBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec()
                    .withType(type)
                    .withPublishNotReadyAddresses(publishNotReady)
                    .withSelector(Map.of("app", "web"))
                    .addNewPort().withName("redis-client").withPort(6379).withNewTargetPort(6379).withNodePort(30001).endPort()
                    .addNewPort().withName("redis-bus").withPort(16379).withNewTargetPort(16379).withNodePort(30002).endPort()
                .endSpec()
                .build();
    }

    private static final List<Pod> PODS = List.of(pod("web-0", "127.0.0.10", "127.0.0.11", true), pod("web-1", "127.0.0.12", "127.0.0.13", false));

    @Test
    void eachNodePortListensOnTheHostIpOfEachReadyPodAndReachesOnlyThatPod() {
        assertThat(ProxyRoutes.of(service("NodePort", false), PODS, Optional.empty())).containsExactlyInAnyOrder(
                new ProxyRoutes.Route("127.0.0.11", 30001, List.of(new ProxyRoutes.Target("127.0.0.10", 6379))),
                new ProxyRoutes.Route("127.0.0.11", 30002, List.of(new ProxyRoutes.Target("127.0.0.10", 16379))));
    }

    @Test
    void publishNotReadyAddressesForwardsToPodsNotReadyYet() {
        assertThat(ProxyRoutes.of(service("NodePort", true), PODS, Optional.empty()))
                .extracting(ProxyRoutes.Route::host).containsOnly("127.0.0.11", "127.0.0.13");
    }

    @Test
    void aLoadBalancerForwardsEachServicePortOnItsAddressToEveryServingPod() {
        assertThat(ProxyRoutes.of(service("LoadBalancer", true), PODS, Optional.of("127.0.0.50")))
                .filteredOn(route -> route.host().equals("127.0.0.50"))
                .containsExactlyInAnyOrder(
                        new ProxyRoutes.Route("127.0.0.50", 6379,
                                List.of(new ProxyRoutes.Target("127.0.0.10", 6379), new ProxyRoutes.Target("127.0.0.12", 6379))),
                        new ProxyRoutes.Route("127.0.0.50", 16379,
                                List.of(new ProxyRoutes.Target("127.0.0.10", 16379), new ProxyRoutes.Target("127.0.0.12", 16379))));
    }

    @Test
    void aClusterIpServiceIsNotForwarded() {
        assertThat(ProxyRoutes.of(service("ClusterIP", true), PODS, Optional.empty())).isEmpty();
    }
}

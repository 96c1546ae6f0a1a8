package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceEndpointsTest {

    private static Pod pod(String name, String ip, boolean ready, String role) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace("shop")
                    .addToLabels("app", "cache")
                    .addToLabels("redis-role", role)
                .endMetadata()
                .withNewSpec()
                    .addNewContainer()
                        .withName("redis")
                        .addNewPort().withName("redis-client").withContainerPort(6379).endPort()
                    .endContainer()
                    .addNewContainer()
                        .withName("redis-exporter")
                        .addNewPort().withName("redis-exporter").withContainerPort(9121).endPort()
                    .endContainer()
                .endSpec()
                .withNewStatus()
                    .withPodIP(ip)
                    .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus()
                .build();
    }

    private static Service service(boolean publishNotReady, String... selector) {
        ServiceBuilder service = new ServiceBuilder()
                .withNewMetadata().withName("cache").withNamespace("shop").endMetadata()
                .withNewSpec()
                    .withPublishNotReadyAddresses(publishNotReady)
                    .addNewPort().withName("redis-client").withPort(6379).withTargetPort(new IntOrString("redis-client")).endPort()
                    .addNewPort().withName("redis-exporter").withPort(9121).withTargetPort(new IntOrString(9121)).endPort()
                .endSpec();
        for (int i = 0; i < selector.length; i += 2) {
            service.editSpec().addToSelector(selector[i], selector[i + 1]).endSpec();
        }
        return service.build();
    }

    private static final List<Pod> PODS = List.of(
            pod("cache-0", "127.0.0.10", true, "master"),
            pod("cache-1", "127.0.0.11", true, "slave"),
            pod("cache-2", "127.0.0.12", false, "slave"));

    @Test
    void readyPodsMatchingTheSelectorServeOnlyThePortsOfTheRunningContainer() {
        assertThat(ServiceEndpoints.addresses(service(false, "app", "cache"), PODS))
                .containsExactly("127.0.0.10:6379", "127.0.0.11:6379");
        assertThat(ServiceEndpoints.addresses(service(false, "app", "cache", "redis-role", "slave"), PODS))
                .containsExactly("127.0.0.11:6379");
    }

    @Test
    void publishNotReadyAddressesServesPodsBeforeTheyAreReady() {
        assertThat(ServiceEndpoints.addresses(service(true, "redis-role", "slave"), PODS))
                .containsExactly("127.0.0.11:6379", "127.0.0.12:6379");
    }

    @Test
    void theEndpointsObjectListsEveryPortAndTheNotReadyPodsApart() {
        assertThat(ServiceEndpoints.of(service(false, "app", "cache"), PODS)).hasValueSatisfying(endpoints -> {
            assertThat(endpoints.getSubsets()).singleElement().satisfies(subset -> {
                assertThat(subset.getAddresses()).extracting(a -> a.getIp()).containsExactly("127.0.0.10", "127.0.0.11");
                assertThat(subset.getNotReadyAddresses()).extracting(a -> a.getIp()).containsExactly("127.0.0.12");
                assertThat(subset.getPorts()).extracting(p -> p.getName() + ":" + p.getPort())
                        .containsExactly("redis-client:6379", "redis-exporter:9121");
            });
        });
    }

    @Test
    void aServiceWithoutSelectorHasNoManagedEndpoints() {
        assertThat(ServiceEndpoints.of(service(false), PODS)).isEmpty();
        assertThat(ServiceEndpoints.addresses(service(false), PODS)).isEmpty();
    }
}

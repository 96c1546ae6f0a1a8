package io.qsredis.operator.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointsTest {

    private static Pod pod(String name, String ip, boolean ready, String role) {
        return new PodBuilder()
                .withNewMetadata()
                    .withNamespace("default")
                    .withName(name)
                    .withLabels(Map.of("app", "my-redis", "redis-role", role))
                .endMetadata()
                .withNewSpec()
                    .addNewContainer().withName("redis").addNewPort().withName("redis-client").withContainerPort(6379).endPort().endContainer()
                    .addNewContainer().withName("redis-exporter").addNewPort().withName("redis-exporter").withContainerPort(9121).endPort().endContainer()
                .endSpec()
                .withNewStatus()
                    .withPodIP(ip)
                    .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus()
                .build();
    }

    private static Service service(String name, Map<String, String> selector, Object... targets) {
        ServiceBuilder builder = new ServiceBuilder()
                .withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withSelector(selector).endSpec();
        for (Object target : targets) {
            IntOrString port = target instanceof Integer n ? new IntOrString(n) : new IntOrString((String) target);
            builder.editSpec().addNewPort().withPort(target instanceof Integer n ? n : 6379).withTargetPort(port).endPort().endSpec();
        }
        return builder.build();
    }

    @Test
    void mapsEachServiceToTheReadyPodsItSelectsOnThePortsTheTestbedServes() {
        List<Pod> pods = List.of(
                pod("my-redis-0", "127.0.0.2", true, "master"),
                pod("my-redis-1", "127.0.0.3", true, "slave"),
                pod("my-redis-2", "127.0.0.4", false, "slave"));
        List<Service> services = List.of(
                service("my-redis-master", Map.of("app", "my-redis", "redis-role", "master"), "redis-client"),
                service("my-redis-replica", Map.of("app", "my-redis", "redis-role", "slave"), 6379),
                service("my-redis-metrics", Map.of("app", "my-redis"), "redis-exporter"));

        Endpoints endpoints = Endpoints.of(services, pods);

        assertThat(endpoints.services()).containsEntry("default/my-redis-master", List.of("127.0.0.2:6379"))
                .containsEntry("default/my-redis-replica", List.of("127.0.0.3:6379"))
                .containsEntry("default/my-redis-metrics", List.of());
        assertThat(endpoints.pods()).containsExactly(
                Map.entry("default/my-redis-0", "127.0.0.2"), Map.entry("default/my-redis-1", "127.0.0.3"), Map.entry("default/my-redis-2", "127.0.0.4"));
    }
}

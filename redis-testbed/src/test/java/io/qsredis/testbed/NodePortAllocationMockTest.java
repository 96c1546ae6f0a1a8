package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The testbed's API server allocates node ports as a real one: in range, unique, kept on update, a request honoured or refused. */
class NodePortAllocationMockTest {

    private final TestbedApiServer server = TestbedApiServer.start((json, orphan) -> {});
    private final KubernetesClient client = server.newClient();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static Service service(String name, String type, Integer... nodePorts) {
        List<ServicePort> ports = new ArrayList<>();
        for (int i = 0; i < nodePorts.length; i++) {
            ports.add(new io.fabric8.kubernetes.api.model.ServicePortBuilder()
                    .withName("p" + i).withPort(6379 + 10000 * i).withProtocol("TCP").withNodePort(nodePorts[i]).build());
        }
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withType(type).withSelector(java.util.Map.of("app", name)).withPorts(ports).endSpec()
                .build();
    }

    private Service create(Service service) {
        return client.resource(service).create();
    }

    private static List<Integer> nodePorts(Service service) {
        return service.getSpec().getPorts().stream().map(ServicePort::getNodePort).toList();
    }

    @Test
    void aNodePortServiceGetsANodePortInTheRangeForEachPort() {
        Service created = create(service("a", "NodePort", null, null));

        assertThat(nodePorts(created)).hasSize(2).allSatisfy(port -> assertThat(port).isBetween(30000, 32767));
        assertThat(nodePorts(client.services().withName("a").get())).isEqualTo(nodePorts(created));
    }

    @Test
    void aLoadBalancerServiceGetsNodePortsToo() {
        assertThat(nodePorts(create(service("lb", "LoadBalancer", (Integer) null)))).allSatisfy(port -> assertThat(port).isBetween(30000, 32767));
    }

    @Test
    void noTwoServicesShareANodePort() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.addAll(nodePorts(create(service("s" + i, "NodePort", null, null))));
        }

        assertThat(all).doesNotHaveDuplicates().hasSize(40);
    }

    @Test
    void anUpdateThatLeavesTheNodePortOutKeepsIt() {
        Service created = create(service("a", "NodePort", null, null));

        Service update = service("a", "NodePort", null, null);
        update.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
        Service updated = client.resource(update).update();

        assertThat(nodePorts(updated)).isEqualTo(nodePorts(created));
    }

    @Test
    void aRequestedFreeNodePortIsHonoured() {
        assertThat(nodePorts(create(service("a", "NodePort", 31000)))).containsExactly(31000);
    }

    @Test
    void aRequestedNodePortThatAnotherServiceHoldsIsRefusedWith422() {
        create(service("a", "NodePort", 31000));

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> create(service("b", "NodePort", 31000)));

        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getMessage())
                .isEqualTo("Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 31000: provided port is already allocated");
        assertThat(refused.getStatus().getDetails().getCauses()).singleElement()
                .satisfies(cause -> assertThat(cause.getField()).isEqualTo("spec.ports[0].nodePort"));
        assertThat(client.services().withName("b").get()).isNull();
    }

    @Test
    void aNodePortOutsideTheRangeIsRefused() {
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> create(service("a", "NodePort", 8080)));

        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getMessage()).contains("provided port is not in the valid range. The range of valid ports is 30000-32767");
    }

    @Test
    void aDeletedServiceFreesItsNodePort() {
        create(service("a", "NodePort", 31000));
        client.services().withName("a").delete();

        assertThat(nodePorts(create(service("b", "NodePort", 31000)))).containsExactly(31000);
    }

    @Test
    void aClusterIpServiceGetsNoNodePortAndMayNotAskForOne() {
        assertThat(nodePorts(create(service("plain", "ClusterIP", (Integer) null)))).containsOnlyNulls();

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> create(service("asks", "ClusterIP", 31000)));

        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getMessage()).contains("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    }
}

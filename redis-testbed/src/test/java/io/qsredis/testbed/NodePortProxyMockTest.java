package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The testbed's kube-proxy: a node port answers on the host IP of the pod behind the Service and reaches the pod's
 * target port; a LoadBalancer Service gets an ingress address whose service port reaches the pod. The "pod" here is a
 * Pod object no kubelet runs (no node), whose status this test writes, and whose address is a plain echo server.
 */
class NodePortProxyMockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String BLOCK = TestbedConfig.isolated().firstAddress().replaceAll("\\.10$", ".");
    private static final String POD_IP = BLOCK + "20";
    private static final String HOST_IP = BLOCK + "21";

    private static Testbed testbed;
    private ServerSocket echo;

    @BeforeAll
    static void start() {
        testbed = Testbed.start(TestbedConfig.isolated());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @AfterEach
    void stopEcho() throws IOException {
        testbed.client().services().inNamespace("default").delete();
        testbed.client().pods().inNamespace("default").delete();
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void aNodePortOnThePodsHostIpReachesThePodsTargetPort() throws IOException {
        int port = startEcho();
        readyPod("web-0");
        Service service = testbed.client().resource(service("web-0", "NodePort", port)).create();
        int nodePort = service.getSpec().getPorts().get(0).getNodePort();

        assertThat(Await.until("an echo through " + HOST_IP + ":" + nodePort, TIMEOUT, () -> roundTrip(HOST_IP, nodePort, "hello")))
                .isEqualTo("hello");
    }

    @Test
    void aLoadBalancerServiceGetsAnIngressAddressWhoseServicePortReachesThePod() throws IOException {
        int port = startEcho();
        readyPod("web-0");
        testbed.client().resource(service("web-0", "LoadBalancer", port)).create();

        String ingress = Await.until("the load balancer's ingress", TIMEOUT, () -> Optional.ofNullable(testbed.client().services()
                        .inNamespace("default").withName("web-0").get().getStatus())
                .map(status -> status.getLoadBalancer())
                .map(balancer -> balancer.getIngress())
                .filter(list -> !list.isEmpty())
                .map(list -> list.get(0).getIp()));

        assertThat(ingress).isNotIn(POD_IP, HOST_IP);
        assertThat(Await.until("an echo through " + ingress + ":" + port, TIMEOUT, () -> roundTrip(ingress, port, "through the balancer")))
                .isEqualTo("through the balancer");
    }

    @Test
    void aNodePortStopsAnsweringWhenItsServiceIsDeleted() throws IOException {
        int port = startEcho();
        readyPod("web-0");
        int nodePort = testbed.client().resource(service("web-0", "NodePort", port)).create().getSpec().getPorts().get(0).getNodePort();
        Await.until("the node port answers", TIMEOUT, () -> roundTrip(HOST_IP, nodePort, "up"));

        testbed.client().services().inNamespace("default").withName("web-0").delete();

        Await.until("the node port is closed", TIMEOUT, () -> !listening(HOST_IP, nodePort));
        assertThat(listening(HOST_IP, nodePort)).isFalse();
    }

    private int startEcho() throws IOException {
        echo = new ServerSocket();
        echo.bind(new InetSocketAddress(POD_IP, 0));
        Thread thread = new Thread(() -> {
            while (!echo.isClosed()) {
                try (Socket socket = echo.accept()) {
                    socket.getInputStream().transferTo(socket.getOutputStream());
                } catch (IOException e) {
                    return;
                }
            }
        }, "echo");
        thread.setDaemon(true);
        thread.start();
        return echo.getLocalPort();
    }

    private static void readyPod(String name) {
        Pod pod = testbed.client().resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withLabels(Map.of("app", "web", StatefulSetController.POD_NAME_LABEL, name)).endMetadata()
                .withNewSpec().addNewContainer().withName("redis").withImage("redis:7.0.15").endContainer().endSpec()
                .build()).create();
        testbed.client().pods().inNamespace("default").withName(pod.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), """
                        {"status": {"phase": "Running", "podIP": "%s", "hostIP": "%s",
                                    "conditions": [{"type": "Ready", "status": "True"}]}}""".formatted(POD_IP, HOST_IP));
    }

    private static Service service(String pod, String type, int targetPort) {
        return new ServiceBuilder()
                .withNewMetadata().withName(pod).withNamespace("default").endMetadata()
                .withNewSpec()
                    .withType(type)
                    .withSelector(Map.of("app", "web", StatefulSetController.POD_NAME_LABEL, pod))
                    .addNewPort().withName("redis-client").withPort(targetPort).withNewTargetPort(targetPort).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /** What the far side sends back for {@code text}, once the connection and the whole echo succeed. */
    private static Optional<String> roundTrip(String host, int port, String text) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return answer.equals(text) ? Optional.of(answer) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

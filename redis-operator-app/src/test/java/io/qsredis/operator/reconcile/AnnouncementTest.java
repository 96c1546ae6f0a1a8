package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.qsredis.model.common.ServiceType;
import io.qsredis.renderer.resources.Ports;
import io.qsredis.topology.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** What a Redis server pod announces, from its own Service and the pod. */
class AnnouncementTest {

    private static final Optional<ServiceType> NODE_PORT = Optional.of(ServiceType.NodePort);
    private static final Optional<ServiceType> LOAD_BALANCER = Optional.of(ServiceType.LoadBalancer);

    private static Pod pod(String hostIp) {
        return new PodBuilder()
                .withNewMetadata().withName("edge-leader-0").endMetadata()
                .withNewStatus().withPodIP("10.1.0.7").withHostIP(hostIp).endStatus()
                .build();
    }

    private static Service service(String type, Integer clientNodePort, Integer busNodePort) {
        return new ServiceBuilder()
                .withNewMetadata().withName("edge-leader-0").endMetadata()
                .withNewSpec()
                    .withType(type)
                    .addNewPort().withName("redis-client").withPort(6379).withNodePort(clientNodePort).endPort()
                    .addNewPort().withName("redis-bus").withPort(16379).withNodePort(busNodePort).endPort()
                .endSpec()
                .build();
    }

    @Test
    void withNodePortsANodeAnnouncesItsNodesAddressAndTheNodePorts() {
        Announcement announcement = Announcement.decide(NODE_PORT, pod("192.168.1.20"), Optional.of(service("NodePort", 31001, 31002)), Ports.REDIS_CLIENT, true);

        assertThat(announcement).isInstanceOfSatisfying(Announcement.Outside.class, outside -> {
            assertThat(outside.client()).isEqualTo(new Endpoint("192.168.1.20", 31001));
            assertThat(outside.busPort()).isEqualTo(OptionalInt.of(31002));
        });
        assertThat(announcement.configLines(true)).containsExactly("cluster-announce-ip 192.168.1.20", "cluster-announce-port 31001",
                "cluster-announce-bus-port 31002", "replica-announce-ip 192.168.1.20", "replica-announce-port 31001");
        assertThat(announcement.endpoint(Optional.of("10.1.0.7"), 6379)).contains(new Endpoint("192.168.1.20", 31001));
    }

    @Test
    void withALoadBalancerANodeAnnouncesTheIngressIpAndTheServicePorts() {
        Service service = new ServiceBuilder(service("LoadBalancer", 31001, 31002))
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("203.0.113.9").endIngress().endLoadBalancer().endStatus()
                .build();

        assertThat(Announcement.decide(LOAD_BALANCER, pod("192.168.1.20"), Optional.of(service), Ports.REDIS_CLIENT, true).configLines(true))
                .contains("cluster-announce-ip 203.0.113.9", "cluster-announce-port 6379", "cluster-announce-bus-port 16379");
    }

    @Test
    void aReplicationServerAnnouncesOnlyItsReplicaAddress() {
        assertThat(Announcement.decide(NODE_PORT, pod("192.168.1.20"), Optional.of(service("NodePort", 31001, null)), Ports.REDIS_CLIENT, false).configLines(false))
                .containsExactly("replica-announce-ip 192.168.1.20", "replica-announce-port 31001");
    }

    @Test
    void aSentinelIsReachedAtTheNodePortOfItsSentinelPort() {
        Service service = new ServiceBuilder()
                .withNewMetadata().withName("edge-sentinel-0").endMetadata()
                .withNewSpec()
                    .withType("NodePort")
                    .addNewPort().withName("sentinel-client").withPort(26379).withNodePort(31500).endPort()
                .endSpec()
                .build();

        assertThat(Announcement.decide(NODE_PORT, pod("192.168.1.20"), Optional.of(service), Ports.SENTINEL_CLIENT, false)
                .endpoint(Optional.of("10.1.0.7"), 26379)).contains(new Endpoint("192.168.1.20", 31500));
    }

    @Test
    void isPendingWhileTheServiceHasNoNodePort() {
        assertThat(Announcement.decide(NODE_PORT, pod("192.168.1.20"), Optional.of(service("NodePort", 31001, null)), Ports.REDIS_CLIENT, true))
                .isEqualTo(new Announcement.Pending("the Service edge-leader-0 has no node port allocated yet"));
    }

    @Test
    void isPendingWhileTheServiceDoesNotExist() {
        assertThat(Announcement.decide(NODE_PORT, pod("192.168.1.20"), Optional.empty(), Ports.REDIS_CLIENT, true))
                .isEqualTo(new Announcement.Pending("the Service edge-leader-0 does not exist yet"));
    }

    @Test
    void isPendingWhileThePodHasNoHostIp() {
        assertThat(Announcement.decide(NODE_PORT, pod(null), Optional.of(service("NodePort", 31001, 31002)), Ports.REDIS_CLIENT, true))
                .isEqualTo(new Announcement.Pending("the pod edge-leader-0 has no host IP yet"));
    }

    @Test
    void isPendingWhileTheLoadBalancerHasNoIngress() {
        assertThat(Announcement.decide(LOAD_BALANCER, pod("192.168.1.20"), Optional.of(service("LoadBalancer", 31001, 31002)), Ports.REDIS_CLIENT, true))
                .isEqualTo(new Announcement.Pending("the load balancer of the Service edge-leader-0 has no ingress IP yet"));
    }

    @Test
    void isPendingWhileTheServiceIsStillOfTheOldType() {
        assertThat(Announcement.decide(LOAD_BALANCER, pod("192.168.1.20"), Optional.of(service("NodePort", 31001, 31002)), Ports.REDIS_CLIENT, true))
                .isEqualTo(new Announcement.Pending("the Service edge-leader-0 is still of type NodePort"));
    }

    @Test
    void withoutAPodServiceAClusterNodeAnnouncesNothingOfItsOwnAndIsReachedAtItsPodIp() {
        Announcement announcement = Announcement.decide(Optional.empty(), pod("192.168.1.20"), Optional.empty(), Ports.REDIS_CLIENT, true);

        assertThat(announcement.configLines(true)).containsExactly("cluster-announce-ip \"\"", "cluster-announce-port 0", "cluster-announce-bus-port 0",
                "replica-announce-ip \"\"", "replica-announce-port 0");
        assertThat(announcement.configLines(false)).as("a replication server's").isEmpty();
        assertThat(announcement.endpoint(Optional.of("10.1.0.7"), 6379)).contains(new Endpoint("10.1.0.7", 6379));
    }

    @Test
    void aPendingNodeHasNoEndpointYet() {
        assertThat(new Announcement.Pending("waiting").endpoint(Optional.of("10.1.0.7"), 6379)).isEmpty();
    }
}

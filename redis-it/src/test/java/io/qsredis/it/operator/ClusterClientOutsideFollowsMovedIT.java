package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.HostAndPortMapper;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisMovedDataException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access from outside the Kubernetes cluster: a RedisCluster with {@code serviceType: NodePort} gets a Service per pod,
 * its nodes announce their node's address and node ports (with LoadBalancer, their load balancer's address), and a cluster client that can reach only those addresses
 * (every connection to a pod IP is turned away), given one of them, writes and reads every key, following MOVED from
 * node to node. In the testbed each pod's node is a loopback address of its own and the node ports are served by the
 * testbed's kube-proxy.
 */
class ClusterClientOutsideFollowsMovedIT {
    private static final String PASSWORD = "outside-pw";
    private static final int KEYS = 3000;

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aClientThatReachesOnlyTheNodePortsWritesAndReadsEveryKey() {
        world.apply(ClusterManifests.shop(PASSWORD) + """
                    service:
                      serviceType: NodePort
                """);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(120));
        Map<String, HostAndPort> outside = outsideAddresses();
        Set<String> podIps = podIps();
        assertThat(outside.values()).extracting(HostAndPort::getHost).doesNotContainAnyElementsOf(podIps);
        Set<HostAndPort> turnedAway = ConcurrentHashMap.newKeySet();
        JedisClientConfig onlyOutside = onlyOutside(podIps, turnedAway);
        HostAndPort seed = outside.get("shop-leader-0");

        try (JedisCluster client = new JedisCluster(Set.of(seed), onlyOutside, 5)) {
            IntStream.range(0, KEYS).forEach(i -> client.set("k" + i, "v" + i));
            assertThat(client.getClusterNodes().keySet()).as("the nodes the client learnt from CLUSTER SLOTS").isNotEmpty()
                    .isSubsetOf(outside.values().stream().map(HostAndPort::toString).toList());
        }

        assertThat(IntStream.range(0, KEYS).filter(i -> !("v" + i).equals(getFollowingMoved(seed, "k" + i, onlyOutside, outside))).count())
                .as("keys not read back through MOVED").isZero();
        assertThat(clusterNodesAddresses(seed, onlyOutside)).as("the addresses CLUSTER NODES names").isEqualTo(Set.copyOf(outside.values()));
        assertThat(turnedAway).as("connections the client tried to pod IPs").isEmpty();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void afterEveryPodRestartedAtNewAddressesTheClusterIsFormedAgainAtTheNewOutsideAddresses() {
        world.apply(ClusterManifests.shop(PASSWORD) + """
                    service:
                      serviceType: NodePort
                """);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(120));
        Map<String, HostAndPort> before = outsideAddresses();

        List<String> oldAddresses = ClusterManifests.PODS.stream().map(world::podIp).toList();
        ClusterManifests.PODS.forEach(pod -> world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, pod));
        for (int i = 0; i < ClusterManifests.PODS.size(); i++) {
            world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, ClusterManifests.PODS.get(i), oldAddresses.get(i), Duration.ofSeconds(60));
        }
        Map<String, HostAndPort> after = Await.until("every pod at a new outside address", Duration.ofSeconds(30),
                () -> Optional.of(outsideAddresses()).filter(now -> now.keySet().stream().noneMatch(pod -> now.get(pod).equals(before.get(pod)))));
        Set<HostAndPort> turnedAway = ConcurrentHashMap.newKeySet();
        JedisClientConfig onlyOutside = onlyOutside(podIps(), turnedAway);
        HostAndPort seed = after.get("shop-follower-2");
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(120));

        assertThat(clusterNodesAddresses(seed, onlyOutside)).as("the addresses CLUSTER NODES names").isEqualTo(Set.copyOf(after.values()));
        try (JedisCluster client = new JedisCluster(Set.of(seed), onlyOutside, 5)) {
            IntStream.range(0, KEYS).forEach(i -> client.set("k" + i, "v" + i));
        }
        assertThat(IntStream.range(0, KEYS).filter(i -> !("v" + i).equals(getFollowingMoved(seed, "k" + i, onlyOutside, after))).count())
                .as("keys not read back through MOVED after the restart").isZero();
        assertThat(turnedAway).as("connections the client tried to pod IPs").isEmpty();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aNodeWhoseContainerRestartedInPlaceAnnouncesItsOutsideAddressAgain() {
        world.apply(ClusterManifests.shop(PASSWORD) + """
                    service:
                      serviceType: NodePort
                """);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(120));
        Map<String, HostAndPort> outside = outsideAddresses();
        JedisClientConfig onlyOutside = onlyOutside(podIps(), ConcurrentHashMap.newKeySet());
        int restarts = world.hooks().restartCount(TestingOperatorWorld.NAMESPACE, "shop-follower-1");

        world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, "shop-follower-1");
        world.hooks().awaitRestartedAndReady(TestingOperatorWorld.NAMESPACE, "shop-follower-1", restarts + 1, Duration.ofSeconds(60));

        try (Jedis restarted = new Jedis(outside.get("shop-follower-1"), onlyOutside)) {
            Await.until("the restarted node announcing its node port again", Duration.ofSeconds(30),
                    () -> Optional.of(restarted.configGet("cluster-announce-port")).filter(v -> v.containsValue(String.valueOf(outside.get("shop-follower-1").getPort()))));
        }
        Await.until("every node naming only the outside addresses", Duration.ofSeconds(60), () -> Optional.of(true)
                .filter(x -> outside.values().stream().allMatch(node -> clusterNodesAddresses(node, onlyOutside).equals(Set.copyOf(outside.values())))));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aClientThatReachesOnlyTheLoadBalancersWritesAndReadsEveryKey() {
        world.apply(ClusterManifests.shop(PASSWORD) + """
                    service:
                      serviceType: LoadBalancer
                """);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(120));
        Map<String, HostAndPort> balancers = loadBalancerAddresses();
        Set<HostAndPort> turnedAway = ConcurrentHashMap.newKeySet();
        JedisClientConfig onlyOutside = onlyOutside(podIps(), turnedAway);
        HostAndPort seed = balancers.get("shop-leader-1");

        assertThat(clusterNodesAddresses(seed, onlyOutside)).as("the addresses CLUSTER NODES names").isEqualTo(Set.copyOf(balancers.values()));
        try (JedisCluster client = new JedisCluster(Set.of(seed), onlyOutside, 5)) {
            IntStream.range(0, KEYS).forEach(i -> client.set("k" + i, "v" + i));
        }
        assertThat(IntStream.range(0, KEYS).filter(i -> !("v" + i).equals(getFollowingMoved(seed, "k" + i, onlyOutside, balancers))).count())
                .as("keys not read back through MOVED").isZero();
        assertThat(turnedAway).as("connections the client tried to pod IPs").isEmpty();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void afterTheServiceTypeGoesBackToClusterIpEveryNodeIsNamedByItsPodIpAgainAndThePodServicesAreGone() {
        world.apply(ClusterManifests.shop(PASSWORD) + """
                    service:
                      serviceType: NodePort
                """);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(120));
        Set<HostAndPort> outside = Set.copyOf(outsideAddresses().values());

        world.apply(ClusterManifests.shop(PASSWORD));
        Set<HostAndPort> pods = ClusterManifests.PODS.stream().map(pod -> new HostAndPort(world.podIp(pod), 6379)).collect(Collectors.toSet());
        JedisClientConfig config = TestingOperatorWorld.clientConfig(PASSWORD);
        Await.until("every node naming only the pod IPs", Duration.ofSeconds(120), () -> Optional.of(true)
                .filter(x -> pods.stream().allMatch(node -> clusterNodesAddresses(node, config).equals(pods))));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(120));

        assertThat(ClusterManifests.PODS.stream().filter(pod -> world.client().services().inNamespace(TestingOperatorWorld.NAMESPACE)
                .withName(pod).get() != null)).as("pod Services left").isEmpty();
        try (JedisCluster client = new JedisCluster(pods, config, 5)) {
            IntStream.range(0, KEYS).forEach(i -> client.set("k" + i, "v" + i));
            assertThat(client.getClusterNodes().keySet()).as("the nodes the client learnt from CLUSTER SLOTS")
                    .isSubsetOf(pods.stream().map(HostAndPort::toString).toList()).doesNotContainAnyElementsOf(outside.stream().map(HostAndPort::toString).toList());
            assertThat(IntStream.range(0, KEYS).filter(i -> !("v" + i).equals(client.get("k" + i))).count()).as("keys not read back").isZero();
        }
    }

    /** Each pod's load balancer: its own Service's ingress IP and client port. */
    private Map<String, HostAndPort> loadBalancerAddresses() {
        return Await.until("every pod's Service with a load balancer", Duration.ofSeconds(30), () -> {
            Map<String, HostAndPort> addresses = new HashMap<>();
            for (String pod : ClusterManifests.PODS) {
                Optional<String> ingress = Optional.ofNullable(world.client().services().inNamespace(TestingOperatorWorld.NAMESPACE).withName(pod).get())
                        .map(Service::getStatus).map(status -> status.getLoadBalancer()).map(balancer -> balancer.getIngress())
                        .filter(list -> !list.isEmpty()).map(list -> list.get(0).getIp());
                if (ingress.isEmpty()) {
                    return Optional.empty();
                }
                addresses.put(pod, new HostAndPort(ingress.get(), 6379));
            }
            return Optional.of(Map.copyOf(addresses));
        });
    }

    private Set<String> podIps() {
        return ClusterManifests.PODS.stream().map(world::podIp).collect(Collectors.toSet());
    }

    /** The address of every node {@code node}'s CLUSTER NODES lists. */
    private static Set<HostAndPort> clusterNodesAddresses(HostAndPort node, JedisClientConfig config) {
        try (Jedis jedis = new Jedis(node, config)) {
            return jedis.clusterNodes().lines().map(line -> HostAndPort.from(line.split(" ")[1].replaceAll("@.*", ""))).collect(Collectors.toSet());
        }
    }

    /** A GET on {@code seed} that follows each MOVED to the node it names (a cluster client's redirect, by hand). */
    private static String getFollowingMoved(HostAndPort seed, String key, JedisClientConfig config, Map<String, HostAndPort> outside) {
        HostAndPort node = seed;
        for (int hops = 0; hops < 3; hops++) {
            try (Jedis jedis = new Jedis(node, config)) {
                return jedis.get(key);
            } catch (JedisMovedDataException moved) {
                assertThat(outside.values()).as("where MOVED points").contains(moved.getTargetNode());
                node = moved.getTargetNode();
            }
        }
        throw new AssertionError("MOVED more than twice for " + key);
    }

    /** Each pod's outside address: its host IP and its own Service's node port for the client port. */
    private Map<String, HostAndPort> outsideAddresses() {
        return Await.until("every pod's Service with a node port", Duration.ofSeconds(30), () -> {
            Map<String, HostAndPort> addresses = new HashMap<>();
            for (String pod : ClusterManifests.PODS) {
                Service service = world.client().services().inNamespace(TestingOperatorWorld.NAMESPACE).withName(pod).get();
                Pod live = world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).withName(pod).get();
                Optional<Integer> nodePort = Optional.ofNullable(service).flatMap(s -> s.getSpec().getPorts().stream()
                        .filter(p -> "redis-client".equals(p.getName())).map(ServicePort::getNodePort).filter(p -> p != null).findFirst());
                if (nodePort.isEmpty() || live == null || live.getStatus() == null || live.getStatus().getHostIP() == null) {
                    return Optional.empty();
                }
                addresses.put(pod, new HostAndPort(live.getStatus().getHostIP(), nodePort.get()));
            }
            return Optional.of(Map.copyOf(addresses));
        });
    }

    /** A client configuration whose every connection to a pod IP is turned away (sent to a closed port) and remembered. */
    private static JedisClientConfig onlyOutside(Set<String> podIps, Set<HostAndPort> turnedAway) {
        HostAndPortMapper mapper = address -> {
            if (podIps.contains(address.getHost())) {
                turnedAway.add(address);
                return new HostAndPort("127.0.0.1", 1);
            }
            return address;
        };
        return DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(3_000).password(PASSWORD).hostAndPortMapper(mapper).build();
    }
}

package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.HostAndPortMapper;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access from outside the Kubernetes cluster for a replication watched by Sentinel: a RedisReplication and a RedisSentinel,
 * both with {@code serviceType: NodePort}, get a Service per pod; the servers announce their node's address and node port
 * ({@code replica-announce-ip/port}), the Sentinels monitor the master there and announce their own
 * ({@code announce-ip/port}). A Sentinel client that can reach only those addresses (every connection to a pod IP is
 * turned away and remembered) writes, each write acknowledged by a replica; the master's container is killed; the client
 * follows the Sentinels to the new master, which the Sentinels also name by its outside address, and reads back every
 * acknowledged write. In the testbed each pod's node is a loopback address of its own, its node ports served by the
 * testbed's kube-proxy.
 */
class SentinelClientOutsideFollowsFailoverIT {
    private static final String PASSWORD = "outside-sentinel-pw";
    private static final String GROUP = "mymaster";
    private static final List<String> SERVERS = List.of("app-0", "app-1", "app-2");
    private static final List<String> SENTINELS = List.of("app-sentinel-0", "app-sentinel-1", "app-sentinel-2");
    private static final String SENTINEL = """
            ---
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisSentinel
            metadata:
              name: app
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0.15
                service:
                  serviceType: NodePort
              redisSentinelConfig:
                redisReplicationName: app
                masterGroupName: %s
                downAfterMilliseconds: "5000"
                redisReplicationPassword:
                  secretKeyRef:
                    name: app-auth
                    key: password
            """.formatted(GROUP);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aSentinelClientThatReachesOnlyOutsideAddressesFollowsTheFailoverAndReadsEveryAcknowledgedWrite() {
        world.apply(SentinelGroupManifests.secret(PASSWORD) + "---\n" + SentinelGroupManifests.replication() + """
                    service:
                      serviceType: NodePort
                """ + SENTINEL);
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(120));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(60));
        Map<String, HostAndPort> servers = outsideAddresses(SERVERS, "redis-client");
        Map<String, HostAndPort> sentinels = outsideAddresses(SENTINELS, "sentinel-client");
        Set<String> podIps = new HashSet<>();
        SERVERS.forEach(pod -> podIps.add(world.podIp(pod)));
        SENTINELS.forEach(pod -> podIps.add(world.podIp(pod)));
        assertThat(servers.values()).extracting(HostAndPort::getHost).doesNotContainAnyElementsOf(podIps);
        Set<HostAndPort> turnedAway = ConcurrentHashMap.newKeySet();
        JedisClientConfig sentinelConfig = onlyOutside(podIps, turnedAway, null);
        JedisClientConfig masterConfig = onlyOutside(podIps, turnedAway, PASSWORD);

        String oldMaster = world.get(RedisReplication.class, "app").getStatus().masterNode;
        HostAndPort oldMasterOutside = servers.get(oldMaster);
        Await.until("every Sentinel naming the master, the replicas and its peers by their outside addresses", Duration.ofSeconds(60),
                () -> Optional.of(true).filter(x -> sentinels.values().stream().allMatch(sentinel -> namesOnlyOutside(sentinel, sentinelConfig,
                        oldMasterOutside, servers, sentinels))));

        List<String> acknowledged = new ArrayList<>();
        try (JedisSentinelPool pool = new JedisSentinelPool(GROUP, Set.copyOf(sentinels.values()), masterConfig, sentinelConfig)) {
            assertThat(pool.getCurrentHostMaster()).as("the master the client was given").isEqualTo(oldMasterOutside);
            for (int i = 0; i < 200; i++) {
                try (Jedis master = pool.getResource()) {
                    master.set("before:" + i, "v" + i);
                    if (master.waitReplicas(1, 2000) >= 1) {
                        acknowledged.add("before:" + i);
                    }
                }
            }
            assertThat(acknowledged).as("writes a replica acknowledged").hasSizeGreaterThan(150);

            world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, oldMaster);

            HostAndPort newMaster = Await.until("the client writing at a new master", Duration.ofSeconds(90), () -> {
                try (Jedis master = pool.getResource()) {
                    master.set("after", "written");
                    return Optional.of(pool.getCurrentHostMaster()).filter(at -> !at.equals(oldMasterOutside));
                } catch (RuntimeException notYet) {
                    return Optional.empty();
                }
            });
            assertThat(servers.values()).as("the new master is one of the outside addresses").contains(newMaster);
            for (HostAndPort sentinel : sentinels.values()) {
                assertThat(Await.until("each Sentinel naming the new master", Duration.ofSeconds(30),
                        () -> masterOf(sentinel, sentinelConfig).filter(newMaster::equals))).isEqualTo(newMaster);
            }
            try (Jedis master = pool.getResource()) {
                assertThat(master.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on the new master").doesNotContainNull();
            }
        }
        assertThat(turnedAway).as("connections the client tried to pod IPs").isEmpty();
    }

    /** Whether {@code sentinel} names the master, every replica and every other Sentinel by its outside address, none down. */
    private static boolean namesOnlyOutside(HostAndPort sentinel, JedisClientConfig config, HostAndPort master, Map<String, HostAndPort> servers,
            Map<String, HostAndPort> sentinels) {
        try (Jedis jedis = new Jedis(sentinel, config)) {
            Set<HostAndPort> replicas = jedis.sentinelReplicas(GROUP).stream().filter(r -> !r.get("flags").contains("down"))
                    .map(r -> new HostAndPort(r.get("ip"), Integer.parseInt(r.get("port")))).collect(Collectors.toSet());
            Set<HostAndPort> peers = jedis.sentinelSentinels(GROUP).stream().filter(r -> !r.get("flags").contains("down"))
                    .map(r -> new HostAndPort(r.get("ip"), Integer.parseInt(r.get("port")))).collect(Collectors.toSet());
            Set<HostAndPort> otherServers = servers.values().stream().filter(s -> !s.equals(master)).collect(Collectors.toSet());
            Set<HostAndPort> otherSentinels = sentinels.values().stream().filter(s -> !s.equals(sentinel)).collect(Collectors.toSet());
            return masterOf(sentinel, config).equals(Optional.of(master)) && replicas.equals(otherServers) && peers.equals(otherSentinels);
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static Optional<HostAndPort> masterOf(HostAndPort sentinel, JedisClientConfig config) {
        try (Jedis jedis = new Jedis(sentinel, config)) {
            List<String> address = jedis.sentinelGetMasterAddrByName(GROUP);
            return address == null || address.isEmpty() ? Optional.empty() : Optional.of(new HostAndPort(address.get(0), Integer.parseInt(address.get(1))));
        } catch (RuntimeException notAnswering) {
            return Optional.empty();
        }
    }

    /** Each pod's outside address: its host IP and its own Service's node port for {@code portName}. */
    private Map<String, HostAndPort> outsideAddresses(List<String> pods, String portName) {
        return Await.until("every pod's Service with a node port", Duration.ofSeconds(30), () -> {
            Map<String, HostAndPort> addresses = new HashMap<>();
            for (String pod : pods) {
                Service service = world.client().services().inNamespace(TestingOperatorWorld.NAMESPACE).withName(pod).get();
                Pod live = world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).withName(pod).get();
                Optional<Integer> nodePort = Optional.ofNullable(service).flatMap(s -> s.getSpec().getPorts().stream()
                        .filter(p -> portName.equals(p.getName())).map(ServicePort::getNodePort).filter(p -> p != null).findFirst());
                if (nodePort.isEmpty() || live == null || live.getStatus() == null || live.getStatus().getHostIP() == null) {
                    return Optional.empty();
                }
                addresses.put(pod, new HostAndPort(live.getStatus().getHostIP(), nodePort.get()));
            }
            return Optional.of(Map.copyOf(addresses));
        });
    }

    /** A client configuration whose every connection to a pod IP is turned away (sent to a closed port) and remembered. */
    private static JedisClientConfig onlyOutside(Set<String> podIps, Set<HostAndPort> turnedAway, String password) {
        HostAndPortMapper mapper = address -> {
            if (podIps.contains(address.getHost())) {
                turnedAway.add(address);
                return new HostAndPort("127.0.0.1", 1);
            }
            return address;
        };
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(3_000)
                .hostAndPortMapper(mapper);
        return (password == null ? builder : builder.password(password)).build();
    }
}

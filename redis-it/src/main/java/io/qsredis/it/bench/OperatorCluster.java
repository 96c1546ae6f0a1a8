package io.qsredis.it.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import redis.clients.jedis.HostAndPort;

import java.time.Duration;
import java.util.List;

/**
 * The operator's RedisCluster {@code shop} (3 leaders, 3 followers, a password) on a testbed of its own, with
 * {@code cluster-node-timeout} set through {@code spec.redisConfig.dynamicConfig}, which the operator renders into
 * every node's redis.conf. A crashed container restarts in place at once (same address, same data directory); a deleted
 * pod comes back at a new address with its claim.
 */
final class OperatorCluster implements ClusterUnderTest {
    private static final String NAME = "shop";
    private static final String[] SETS = {"shop-leader", "shop-follower"};

    private final String password;
    private final OperatorWorld world = new OperatorWorld();

    OperatorCluster(String password, long nodeTimeoutMillis) {
        this.password = password;
        try {
            world.testbed.apply("bench", manifests(password, nodeTimeoutMillis), OperatorWorld.NAMESPACE);
            world.awaitHealthy(RedisCluster.class, NAME, Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            world.close();
            throw e;
        }
    }

    static String manifests(String password, long nodeTimeoutMillis) {
        return ClusterManifests.shop(password) + """
                  redisConfig:
                    dynamicConfig:
                      - cluster-node-timeout %d
                """.formatted(nodeTimeoutMillis);
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public List<HostAndPort> nodes() {
        return world.pods(SETS).stream()
                .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
                .map(p -> new HostAndPort(p.getStatus().getPodIP(), 6379))
                .toList();
    }

    @Override
    public Runnable inject(Fault fault, HostAndPort master) {
        String pod = world.pods(SETS).stream()
                .filter(p -> p.getStatus() != null && master.getHost().equals(p.getStatus().getPodIP()))
                .map(p -> p.getMetadata().getName())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no pod at " + master));
        switch (fault) {
            case CRASH -> world.testbed.hooks().crashContainer(OperatorWorld.NAMESPACE, pod);
            case HANG -> {
                long pid = world.testbed.hooks().containerPid(OperatorWorld.NAMESPACE, pod)
                        .orElseThrow(() -> new IllegalStateException(pod + " runs no container"));
                Signals.stop(pid);
                return () -> Signals.resume(pid);
            }
            case DELETE -> world.testbed.hooks().deletePod(OperatorWorld.NAMESPACE, pod);
        }
        return () -> {};
    }

    /** From the testbed's container log of the pod at {@code node} ({@code pods/<namespace>/<pod>-<uid>/logs/redis.log}). */
    @Override
    public String logTail(HostAndPort node, int lines) {
        return world.pods(SETS).stream()
                .filter(p -> p.getStatus() != null && node.getHost().equals(p.getStatus().getPodIP()))
                .findFirst()
                .map(p -> Logs.tail(world.testbed.stateDirectory().resolve("pods").resolve(OperatorWorld.NAMESPACE)
                        .resolve(p.getMetadata().getName() + "-" + p.getMetadata().getUid()).resolve("logs").resolve("redis.log"), lines))
                .orElse("no pod at " + node);
    }

    /** Ready and not Degraded, with all six pods there and ready. */
    @Override
    public boolean settled() {
        List<Pod> pods = world.pods(SETS);
        return pods.size() == 6 && pods.stream().allMatch(OperatorCluster::podReady) && world.healthy(RedisCluster.class, NAME);
    }

    private static boolean podReady(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
        world.close();
    }
}

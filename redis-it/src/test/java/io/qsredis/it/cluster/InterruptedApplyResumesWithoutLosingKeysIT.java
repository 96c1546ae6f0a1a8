package io.qsredis.it.cluster;

import io.qsredis.it.harness.ClusterKeys;
import io.qsredis.it.harness.RedisProcess;
import io.qsredis.it.harness.RedisProcesses;
import io.qsredis.topology.cluster.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.qsredis.it.cluster.ClusterTesting.CONNECTOR;
import static io.qsredis.it.cluster.ClusterTesting.await;
import static io.qsredis.it.cluster.ClusterTesting.cli;
import static io.qsredis.it.cluster.ClusterTesting.clusterNodes;
import static io.qsredis.it.cluster.ClusterTesting.masters;
import static io.qsredis.it.cluster.ClusterTesting.nodesArgument;
import static io.qsredis.it.cluster.ClusterTesting.redisCliCheck;
import static org.assertj.core.api.Assertions.assertThat;

class InterruptedApplyResumesWithoutLosingKeysIT {

    private static final int KEYS = 100_000;

    private final RedisProcesses redis = new RedisProcesses("interrupt");
    private final ClusterKeys keys = new ClusterKeys(CONNECTOR);

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void applyKilledInTheMiddleOfAMigrationConvergesWhenRunAgain() throws Exception {
        List<RedisProcess> nodes = new ArrayList<>(redis.start(30300, 3));
        assertThat(cli("cluster", "apply", "-q", "--nodes", nodesArgument(nodes, List.of()), "--masters", "3").exitCode()).isZero();
        keys.load(nodes.get(0).endpoint(), "k", KEYS);
        List<RedisProcess> targets = redis.start(30303, 2);
        nodes.addAll(targets);
        String grown = nodesArgument(nodes, List.of());

        Process apply = ClusterTesting.startJar(Map.of(), "cluster", "apply", "--nodes", grown, "--masters", "5",
                "--slots-per-step", "32", "--parallel", "1");
        try {
            List<String> output = follow(apply);
            await("the first slots to move", Duration.ofSeconds(60), () -> output.stream().anyMatch(line -> line.startsWith("moved ")));
            // Freeze the targets' writes: the next MIGRATE hangs with its slots open, and the process dies there.
            targets.forEach(target -> command(target, "CLIENT", "PAUSE", "10000", "WRITE"));
            await("a slot importing on a target", Duration.ofSeconds(30), () -> targets.stream().anyMatch(this::importing));
            Thread.sleep(200);
            apply.destroyForcibly().waitFor();
        } finally {
            apply.destroyForcibly();
            targets.forEach(target -> command(target, "CLIENT", "UNPAUSE"));
        }
        assertThat(targets.stream().anyMatch(this::importing)).as("a slot left open by the killed process").isTrue();

        ClusterTesting.Run resumed = cli("cluster", "apply", "--nodes", grown, "--masters", "5");

        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(keys.missingOrWrong(nodes.get(0).endpoint(), "k", KEYS)).isZero();
        assertThat(masters(clusterNodes(nodes.get(4).endpoint()))).hasSize(5)
                .allSatisfy(m -> assertThat(m.slotCount()).isBetween(3276, 3277));
        ClusterTesting.Run check = redisCliCheck(nodes.get(3).endpoint());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).doesNotContain("[WARNING]", "[ERR]");
    }

    @Test
    void aSlotLeftHalfMigratedByAnotherToolIsFinished() {
        List<RedisProcess> nodes = redis.start(30310, 2);
        String both = nodesArgument(nodes, List.of());
        assertThat(cli("cluster", "apply", "-q", "--nodes", both, "--masters", "2").exitCode()).isZero();
        keys.load(nodes.get(0).endpoint(), "k", 20_000);
        int slot = JedisClusterCRC16.getSlot(ClusterKeys.key("k", 0));
        List<ClusterNode> view = clusterNodes(nodes.get(0).endpoint());
        ClusterNode source = masters(view).stream().filter(m -> m.slots().stream().anyMatch(r -> r.first() <= slot && slot <= r.last())).findFirst().orElseThrow();
        ClusterNode target = masters(view).stream().filter(m -> m != source).findFirst().orElseThrow();
        RedisProcess sourceNode = nodes.stream().filter(n -> n.port() == source.port()).findFirst().orElseThrow();
        RedisProcess targetNode = nodes.stream().filter(n -> n.port() == target.port()).findFirst().orElseThrow();
        command(targetNode, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", source.id());
        command(sourceNode, "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", target.id());
        try (Jedis jedis = CONNECTOR.connect(sourceNode.endpoint())) {
            List<String> inSlot = jedis.clusterGetKeysInSlot(slot, 1000);
            List<String> half = inSlot.subList(0, inSlot.size() / 2);
            List<String> args = new ArrayList<>(List.of("127.0.0.1", Integer.toString(target.port()), "", "0", "5000", "KEYS"));
            args.addAll(half);
            jedis.sendCommand(Protocol.Command.MIGRATE, args.toArray(String[]::new));
            assertThat(half).isNotEmpty();
        }

        ClusterTesting.Run apply = cli("cluster", "apply", "--nodes", both, "--masters", "2");

        assertThat(apply.exitCode()).as(apply.output()).isZero();
        assertThat(keys.missingOrWrong(nodes.get(0).endpoint(), "k", 20_000)).isZero();
        ClusterTesting.Run check = redisCliCheck(nodes.get(0).endpoint());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).doesNotContain("[WARNING]", "[ERR]");
    }

    private boolean importing(RedisProcess node) {
        return clusterNodes(node.endpoint()).stream().anyMatch(line -> line.isMyself() && !line.importing().isEmpty());
    }

    private static void command(RedisProcess node, String... args) {
        try (Jedis jedis = CONNECTOR.connect(node.endpoint())) {
            jedis.sendCommand(Protocol.Command.valueOf(args[0]), Arrays.copyOfRange(args, 1, args.length));
        }
    }

    /** The lines the process prints, collected as they come. */
    private static List<String> follow(Process process) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "apply-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}

package io.qsredis.it.cluster;

import io.qsredis.it.harness.ClusterKeys;
import io.qsredis.it.harness.RedisProcess;
import io.qsredis.it.harness.RedisProcesses;
import io.qsredis.topology.cluster.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.qsredis.it.cluster.ClusterTesting.CONNECTOR;
import static io.qsredis.it.cluster.ClusterTesting.await;
import static io.qsredis.it.cluster.ClusterTesting.cli;
import static io.qsredis.it.cluster.ClusterTesting.clusterNodes;
import static io.qsredis.it.cluster.ClusterTesting.masters;
import static io.qsredis.it.cluster.ClusterTesting.nodesArgument;
import static io.qsredis.it.cluster.ClusterTesting.redisCliCheck;
import static io.qsredis.it.cluster.ClusterTesting.replicasOf;
import static org.assertj.core.api.Assertions.assertThat;

class ReplicaCountRestoredAfterMasterDiesIT {

    private static final int KEYS = 20_000;

    private final RedisProcesses redis = new RedisProcesses("failover");
    private final ClusterKeys keys = new ClusterKeys(CONNECTOR);

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void afterRedisPromotesTheReplicaOfAKilledMasterApplyGivesEveryMasterAReplicaAgain() {
        List<RedisProcess> nodes = redis.start(30200, 6);
        assertThat(cli("cluster", "apply", "-q", "--nodes", nodesArgument(nodes, List.of()), "--masters", "3", "--replicas", "1").exitCode()).isZero();
        keys.load(nodes.get(0).endpoint(), "k", KEYS);
        for (ClusterNode master : masters(clusterNodes(nodes.get(0).endpoint()))) {
            try (Jedis jedis = CONNECTOR.connect(new io.qsredis.topology.Endpoint(master.ip(), master.port()))) {
                assertThat(jedis.waitReplicas(1, 5000)).as("replica of %s in sync", master.address()).isEqualTo(1);
            }
        }
        RedisProcess victim = nodes.stream().filter(n -> clusterNodes(n.endpoint()).stream()
                .anyMatch(line -> line.isMyself() && line.isMaster())).findFirst().orElseThrow();
        String victimId = clusterNodes(victim.endpoint()).stream().filter(ClusterNode::isMyself).findFirst().orElseThrow().id();

        victim.kill();
        List<RedisProcess> survivors = new ArrayList<>(nodes);
        survivors.remove(victim);
        await("Redis to promote the replica of the killed master", Duration.ofSeconds(30), () ->
                masters(clusterNodes(survivors.get(0).endpoint())).stream().noneMatch(m -> m.id().equals(victimId))
                        && masters(clusterNodes(survivors.get(0).endpoint())).size() == 3);
        survivors.add(redis.start(30206));

        ClusterTesting.Run apply = cli("cluster", "apply", "--nodes", nodesArgument(survivors, List.of()), "--masters", "3", "--replicas", "1");

        assertThat(apply.exitCode()).as(apply.output()).isZero();
        List<ClusterNode> view = clusterNodes(survivors.get(0).endpoint());
        assertThat(view).extracting(ClusterNode::id).doesNotContain(victimId);
        assertThat(masters(view)).hasSize(3).allSatisfy(master -> assertThat(replicasOf(view, master)).hasSize(1));
        assertThat(keys.missingOrWrong(survivors.get(0).endpoint(), "k", KEYS)).isZero();
        ClusterTesting.Run check = redisCliCheck(survivors.get(5).endpoint());
        assertThat(check.exitCode()).as(check.output()).isZero();
    }
}

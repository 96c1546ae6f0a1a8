package io.qsredis.it.cluster;

import io.qsredis.it.harness.RedisProcess;
import io.qsredis.it.harness.RedisProcesses;
import io.qsredis.topology.cluster.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.qsredis.it.cluster.ClusterTesting.cli;
import static io.qsredis.it.cluster.ClusterTesting.clusterNodes;
import static io.qsredis.it.cluster.ClusterTesting.masters;
import static io.qsredis.it.cluster.ClusterTesting.nodesArgument;
import static io.qsredis.it.cluster.ClusterTesting.redisCliCheck;
import static io.qsredis.it.cluster.ClusterTesting.replicasOf;
import static org.assertj.core.api.Assertions.assertThat;

class EmptyNodesBecomeAHealthyClusterIT {

    private final RedisProcesses redis = new RedisProcesses("create");

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void sixEmptyNodesBecomeThreeMastersWithOneReplicaEachThatRedisCliFindsHealthy() {
        List<RedisProcess> nodes = redis.start(30000, 6);
        String nodesArg = nodesArgument(nodes, List.of());

        ClusterTesting.Run apply = cli("cluster", "apply", "--nodes", nodesArg, "--masters", "3", "--replicas", "1");

        assertThat(apply.exitCode()).as(apply.output()).isZero();
        ClusterTesting.Run check = redisCliCheck(nodes.get(0).endpoint());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output())
                .contains("[OK] All nodes agree about slots configuration.")
                .contains("[OK] All 16384 slots covered.")
                .doesNotContain("[ERR]", "[WARNING]");
        List<ClusterNode> view = clusterNodes(nodes.get(5).endpoint());
        assertThat(masters(view)).hasSize(3).allSatisfy(master -> {
            assertThat(master.slotCount()).isBetween(5461, 5462);
            assertThat(replicasOf(view, master)).hasSize(1);
        });
    }

    @Test
    void applyingTheSameShapeAgainChangesNothingAndCheckReportsHealthy() {
        List<RedisProcess> nodes = redis.start(30000, 6);
        String nodesArg = nodesArgument(nodes, List.of());
        assertThat(cli("cluster", "apply", "-q", "--nodes", nodesArg, "--masters", "3", "--replicas", "1").exitCode()).isZero();

        ClusterTesting.Run plan = cli("cluster", "plan", "--nodes", nodesArg, "--masters", "3", "--replicas", "1");
        ClusterTesting.Run check = cli("cluster", "check", "--nodes", nodes.get(3).endpoint().toString());

        assertThat(plan.exitCode()).isZero();
        assertThat(plan.output()).contains("nothing to do");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("[OK] All 16384 slots covered.");
    }
}

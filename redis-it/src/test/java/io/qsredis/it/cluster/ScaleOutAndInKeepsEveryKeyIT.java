package io.qsredis.it.cluster;

import io.qsredis.it.harness.ClusterKeys;
import io.qsredis.it.harness.RedisProcess;
import io.qsredis.it.harness.RedisProcesses;
import io.qsredis.topology.cluster.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.qsredis.it.cluster.ClusterTesting.CONNECTOR;
import static io.qsredis.it.cluster.ClusterTesting.cli;
import static io.qsredis.it.cluster.ClusterTesting.clusterNodes;
import static io.qsredis.it.cluster.ClusterTesting.masters;
import static io.qsredis.it.cluster.ClusterTesting.nodesArgument;
import static io.qsredis.it.cluster.ClusterTesting.redisCliCheck;
import static io.qsredis.it.cluster.ClusterTesting.replicasOf;
import static org.assertj.core.api.Assertions.assertThat;

class ScaleOutAndInKeepsEveryKeyIT {

    private static final int KEYS = 200_000;

    private final RedisProcesses redis = new RedisProcesses("scale");
    private final ClusterKeys keys = new ClusterKeys(CONNECTOR);

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void growingToFourMastersThenShrinkingToTwoKeepsEveryKeyBalancedAndReplicasOffTheirMastersZone() {
        List<RedisProcess> nodes = new ArrayList<>(redis.start(30100, 6));
        List<String> zones = List.of("zone-a", "zone-b", "zone-c", "zone-d", "zone-a", "zone-b", "zone-c", "zone-d");
        assertThat(apply(nodes, zones, 3).exitCode()).isZero();
        keys.load(nodes.get(0).endpoint(), "k", KEYS);

        nodes.addAll(redis.start(30106, 2));
        List<Integer> acknowledged;
        ClusterTesting.Run grow;
        try (AcknowledgedWriter writer = new AcknowledgedWriter(nodes.get(0).endpoint())) {
            grow = apply(nodes, zones, 4);
            acknowledged = writer.stop();
            assertThat(writer.lost(acknowledged)).as("acknowledged writes lost while growing").isEmpty();
        }

        assertThat(grow.exitCode()).as(grow.output()).isZero();
        assertThat(acknowledged).isNotEmpty();
        assertThat(keys.missingOrWrong(nodes.get(0).endpoint(), "k", KEYS)).isZero();
        assertShape(nodes, zones, 4);

        List<RedisProcess> staying = List.of(nodes.get(0), nodes.get(1), nodes.get(4), nodes.get(5));
        List<String> stayingZones = List.of(zones.get(0), zones.get(1), zones.get(4), zones.get(5));
        ClusterTesting.Run shrink = apply(staying, stayingZones, 2);

        assertThat(shrink.exitCode()).as(shrink.output()).isZero();
        assertThat(keys.missingOrWrong(staying.get(0).endpoint(), "k", KEYS)).isZero();
        assertShape(staying, stayingZones, 2);
        assertThat(clusterNodes(staying.get(2).endpoint())).extracting(ClusterNode::port)
                .containsExactlyInAnyOrder(30100, 30101, 30104, 30105);
        ClusterTesting.Run check = redisCliCheck(staying.get(3).endpoint());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("keys in 2 masters.").doesNotContain("[ERR]", "[WARNING]");
    }

    private ClusterTesting.Run apply(List<RedisProcess> nodes, List<String> zones, int masters) {
        return cli("cluster", "apply", "--nodes", nodesArgument(nodes, zones.subList(0, nodes.size())),
                "--masters", Integer.toString(masters), "--replicas", "1");
    }

    private static void assertShape(List<RedisProcess> nodes, List<String> zones, int masters) {
        Map<Integer, String> zoneOfPort = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            zoneOfPort.put(nodes.get(i).port(), zones.get(i));
        }
        List<ClusterNode> view = clusterNodes(nodes.get(0).endpoint());
        assertThat(masters(view)).hasSize(masters).allSatisfy(master -> {
            assertThat(master.slotCount()).isBetween(16384 / masters, (16384 + masters - 1) / masters);
            assertThat(replicasOf(view, master)).hasSize(1).allSatisfy(replica ->
                    assertThat(zoneOfPort.get(replica.port())).as("zone of the replica of %s", master.address())
                            .isNotEqualTo(zoneOfPort.get(master.port())));
        });
    }
}

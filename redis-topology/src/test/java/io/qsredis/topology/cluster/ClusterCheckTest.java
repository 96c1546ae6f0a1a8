package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterCheckTest {

    private final TestingCluster cluster = new TestingCluster();
    private final List<TestingCluster.Node> nodes = new ArrayList<>();

    ClusterCheckTest() {
        for (int i = 1; i <= 6; i++) {
            nodes.add(cluster.add(new Endpoint("10.0.0." + i, 6379)));
        }
        cluster.converge(new ClusterPlanner(), ClusterShape.of(nodes.stream().map(n -> NodeSpec.of(n.endpoint)).toList(), 3, 1), 3);
        cluster.putKeys(0, 7);
    }

    private ClusterCheck.Report check() {
        return ClusterCheck.check(cluster.observe(), nodes.get(0).endpoint);
    }

    @Test
    void aClusterThatAgreesAndCoversEverySlotIsHealthy() {
        ClusterCheck.Report report = check();

        assertThat(report.healthy()).isTrue();
        assertThat(report.text())
                .contains("[OK] 7 keys in 3 masters.")
                .contains("[OK] All nodes agree about slots configuration.")
                .contains("[OK] All 16384 slots covered.")
                .contains("1 additional replica(s)");
    }

    @Test
    void anOpenSlotIsReported() {
        TestingCluster.Node master = cluster.servingMasters().get(0);
        TestingCluster.Node other = cluster.servingMasters().get(1);
        master.migrating.put(master.slots.nextSetBit(0), other.id);

        ClusterCheck.Report report = check();

        assertThat(report.healthy()).isFalse();
        assertThat(report.text()).contains("has slots in migrating state " + master.slots.nextSetBit(0));
    }

    @Test
    void uncoveredSlotsAndADeadNodeAreErrors() {
        TestingCluster.Node master = cluster.servingMasters().get(2);
        cluster.kill(master);
        master.slots.clear();

        ClusterCheck.Report report = check();

        assertThat(report.errors()).anyMatch(e -> e.contains("Not all 16384 slots are covered"))
                .anyMatch(e -> e.contains("Node " + master.endpoint + " is unreachable"));
    }

    @Test
    void anUnreachableSeedCannotBeChecked() {
        cluster.kill(nodes.get(0));

        assertThat(check().errors()).singleElement().asString().contains("cannot be checked");
    }
}

package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservedClusterParserTest {

    private static final String A = "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca";
    private static final String B = "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1";

    private static ObservedNode only(String text) {
        ObservedCluster cluster = ObservedClusterParser.parse(text);
        assertThat(cluster.nodes()).hasSize(1);
        return cluster.nodes().get(0);
    }

    @Test
    void eachSectionIsANodeWithTheViewItSaved() {
        ObservedCluster cluster = ObservedClusterParser.parse("""
                [10.0.0.1:6379]
                %1$s 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-16383
                %2$s 10.0.0.2:6379@16379 slave %1$s 0 0 1 connected
                [10.0.0.2:6379]
                %2$s 10.0.0.2:6379@16379 myself,slave %1$s 0 0 1 connected
                %1$s 10.0.0.1:6379@16379 master - 0 0 1 connected 0-16383
                """.formatted(A, B));

        assertThat(cluster.nodes()).extracting(ObservedNode::endpoint)
                .containsExactly(Endpoint.parse("10.0.0.1:6379"), Endpoint.parse("10.0.0.2:6379"));
        assertThat(cluster.nodes()).allSatisfy(node -> assertThat(node.view()).hasSize(2));
        assertThat(cluster.nodes().get(1).myself()).hasValueSatisfying(self -> assertThat(self.id()).isEqualTo(B));
    }

    @Test
    void withoutInfoFieldsANodeSeesClusterStateOkAndHoldsNoKey() {
        ObservedNode node = only("[10.0.0.1:6379]\n" + A + " 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-16383\n");

        assertThat(node.clusterState()).hasValue("ok");
        assertThat(node.keys()).isZero();
        assertThat(node.replication()).isEmpty();
    }

    @Test
    void infoFieldsGiveTheClusterStateTheKeysAndTheReplicationLink() {
        ObservedNode node = only("""
                [10.0.0.2:6379]
                %2$s 10.0.0.2:6379@16379 myself,slave %1$s 0 0 1 connected
                %1$s 10.0.0.1:6379@16379 master - 0 0 1 connected 0-16383
                # Cluster
                cluster_state:fail
                # Keyspace
                db0:keys=120,expires=3,avg_ttl=0
                # Replication
                role:slave
                master_link_status:up
                master_sync_in_progress:0
                """.formatted(A, B));

        assertThat(node.clusterState()).hasValue("fail");
        assertThat(node.keys()).isEqualTo(120);
        assertThat(node.replicaCaughtUp()).isTrue();
    }

    @Test
    void aSectionWithoutClusterNodesIsANodeThatCouldNotBeReached() {
        ObservedNode node = only("[10.0.0.3:6379]\nerror:Connection refused\n");

        assertThat(node.reachable()).isFalse();
        assertThat(node.error()).hasValue("Connection refused");
    }

    @Test
    void clusterEnabledZeroIsANodeOutsideClusterMode() {
        ObservedNode node = only("[10.0.0.3:6379]\ncluster_enabled:0\n");

        assertThat(node.reachable()).isTrue();
        assertThat(node.clusterEnabled()).isFalse();
    }

    @Test
    void theAddressPeersWriteIsTheOneOfTheMyselfLine() {
        ObservedNode node = only("[redis-0.redis:6379]\n" + A + " 10.0.0.1:6379@16379,redis-0.redis myself,master - 0 0 1 connected\n");

        assertThat(node.endpoint()).isEqualTo(Endpoint.parse("redis-0.redis:6379"));
        assertThat(node.address()).isEqualTo(Endpoint.parse("10.0.0.1:6379"));
    }

    @Test
    void aLineOutsideTheFormatIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> ObservedClusterParser.parse("[10.0.0.1:6379]\n" + A + " 10.0.0.1:6379@16379 myself\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 2: not a CLUSTER NODES line");
        assertThatThrownBy(() -> ObservedClusterParser.parse(A + " 10.0.0.1:6379@16379 myself,master - 0 0 1 connected\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 1: expected a section header");
    }
}

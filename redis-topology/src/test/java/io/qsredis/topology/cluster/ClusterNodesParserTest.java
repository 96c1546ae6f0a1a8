package io.qsredis.topology.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterNodesParserTest {

    // Captured from redis-server 7.0.15 (ids shortened where the line allows it).
    private static final String NODES = """
            be0db54ac7c36385e3daebc903e33d65ab10bc19 127.0.0.1:30001@40001 myself,master - 0 1700000000000 1 connected 0-4 6-8000 [5->-97cf38094520764fd7d51e3fbf82135de2e6a9cf] [9000-<-91c0e154a34297282bc5c4f7a78edfc60eb409a9]
            97cf38094520764fd7d51e3fbf82135de2e6a9cf 127.0.0.1:30002@40002,redis-1.redis-headless master - 0 1700000000449 3 connected 5 8001-16383
            91c0e154a34297282bc5c4f7a78edfc60eb409a9 127.0.0.1:30003@40003 slave,fail? be0db54ac7c36385e3daebc903e33d65ab10bc19 1700000000100 1700000000000 1 disconnected
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa :0@0 master,fail,noaddr,nofailover - 0 0 0 disconnected
            bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb 127.0.0.1:30005@40005 handshake - 0 0 0 connected
            """;

    @Test
    void readsEveryFieldOfTheOwnLine() {
        ClusterNode myself = ClusterNodesParser.parse(NODES).get(0);

        assertThat(myself.id()).isEqualTo("be0db54ac7c36385e3daebc903e33d65ab10bc19");
        assertThat(myself.address()).isEqualTo("127.0.0.1:30001");
        assertThat(myself.busPort()).isEqualTo(40001);
        assertThat(myself.flags()).containsExactlyInAnyOrder(NodeFlag.MYSELF, NodeFlag.MASTER);
        assertThat(myself.masterId()).isEmpty();
        assertThat(myself.configEpoch()).isEqualTo(1);
        assertThat(myself.linkConnected()).isTrue();
        assertThat(myself.slots()).containsExactly(new SlotRange(0, 4), new SlotRange(6, 8000));
        assertThat(myself.slotCount()).isEqualTo(8000);
    }

    @Test
    void readsOpenSlotMarkersApartFromServedSlots() {
        ClusterNode myself = ClusterNodesParser.parse(NODES).get(0);

        assertThat(myself.migrating()).isEqualTo(Map.of(5, "97cf38094520764fd7d51e3fbf82135de2e6a9cf"));
        assertThat(myself.importing()).isEqualTo(Map.of(9000, "91c0e154a34297282bc5c4f7a78edfc60eb409a9"));
    }

    @Test
    void mergesSingleSlotsWithRanges() {
        ClusterNode peer = ClusterNodesParser.parse(NODES).get(1);

        assertThat(peer.slots()).containsExactly(SlotRange.of(5), new SlotRange(8001, 16383));
        assertThat(peer.hostname()).contains("redis-1.redis-headless");
    }

    @Test
    void readsReplicasFailureFlagsAndLinkState() {
        List<ClusterNode> nodes = ClusterNodesParser.parse(NODES);
        ClusterNode replica = nodes.get(2);
        ClusterNode lost = nodes.get(3);
        ClusterNode joining = nodes.get(4);

        assertThat(replica.isReplica()).isTrue();
        assertThat(replica.masterId()).contains("be0db54ac7c36385e3daebc903e33d65ab10bc19");
        assertThat(replica.isFailing()).isTrue();
        assertThat(replica.linkConnected()).isFalse();
        assertThat(lost.flags()).contains(NodeFlag.FAIL, NodeFlag.NOADDR, NodeFlag.NOFAILOVER);
        assertThat(lost.ip()).isEmpty();
        assertThat(joining.isHandshake()).isTrue();
    }

    @Test
    void readsAFreshNodeThatDoesNotKnowItsAddressYet() {
        ClusterNode fresh = ClusterNodesParser.parseLine("be0db54ac7c36385e3daebc903e33d65ab10bc19 :31900@41900 myself,master - 0 0 0 connected");

        assertThat(fresh.ip()).isEmpty();
        assertThat(fresh.port()).isEqualTo(31900);
        assertThat(fresh.slots()).isEmpty();
    }

    @Test
    void rejectsTextThatIsNotClusterNodes() {
        assertThatThrownBy(() -> ClusterNodesParser.parse("ERR This instance has cluster support disabled"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

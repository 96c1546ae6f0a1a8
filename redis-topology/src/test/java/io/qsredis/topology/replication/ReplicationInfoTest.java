package io.qsredis.topology.replication;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationInfoTest {

    // Captured from redis-server 7.0.15.
    private static final String MASTER = """
            # Replication\r
            role:master\r
            connected_slaves:1\r
            slave0:ip=127.0.0.1,port=31901,state=online,offset=184,lag=0\r
            master_failover_state:no-failover\r
            master_replid:a8fd8ed0e9995aa4a2bccb45c806885b49acdaa5\r
            master_replid2:0000000000000000000000000000000000000000\r
            master_repl_offset:184\r
            second_repl_offset:-1\r
            repl_backlog_active:1\r
            """;

    /** A replica whose master went away after it applied 1501 bytes of the stream (captured from redis-server 7.0.15). */
    private static final String REPLICA = """
            # Replication
            role:slave
            master_host:127.0.0.1
            master_port:31900
            master_link_status:down
            master_last_io_seconds_ago:-1
            master_sync_in_progress:1
            slave_read_repl_offset:1501
            slave_repl_offset:1501
            master_link_down_since_seconds:2
            slave_priority:10
            slave_read_only:1
            replica_announced:1
            connected_slaves:0
            master_failover_state:no-failover
            master_replid:5f304ae713b05b08c44af9ced4f5d4d4357079b7
            master_repl_offset:1501
            """;

    /** A server started as a replica of an address nothing listens on: no master state, nothing applied. */
    private static final String NEVER_SYNCED = """
            # Replication
            role:slave
            master_host:127.0.0.1
            master_port:1
            master_link_status:down
            master_last_io_seconds_ago:-1
            master_sync_in_progress:0
            slave_read_repl_offset:1
            slave_repl_offset:1
            master_link_down_since_seconds:-1
            slave_priority:100
            slave_read_only:1
            replica_announced:1
            connected_slaves:0
            master_failover_state:no-failover
            master_replid:3732cc436ef5d06592b6490a78c42835d1c96b37
            master_repl_offset:0
            """;

    @Test
    void readsAMasterWithItsReplicas() {
        ReplicationInfo info = ReplicationInfo.parse(MASTER);

        assertThat(info.isMaster()).isTrue();
        assertThat(info.offset()).isEqualTo(184);
        assertThat(info.replicationId()).contains("a8fd8ed0e9995aa4a2bccb45c806885b49acdaa5");
        assertThat(info.connectedReplicas()).containsExactly(new ReplicationInfo.ConnectedReplica("127.0.0.1", 31901, "online", 184, 0));
    }

    @Test
    void readsAReplicaWithTheOffsetOfTheStreamItApplied() {
        ReplicationInfo info = ReplicationInfo.parse(REPLICA);

        assertThat(info.isMaster()).isFalse();
        assertThat(info.masterHost()).contains("127.0.0.1");
        assertThat(info.masterPort()).contains(31900);
        assertThat(info.masterLinkUp()).isFalse();
        assertThat(info.syncInProgress()).isTrue();
        assertThat(info.offset()).isEqualTo(1501);
        assertThat(info.replicaPriority()).isEqualTo(10);
        assertThat(info.connectedReplicas()).isEmpty();
    }

    @Test
    void aReplicaThatNeverSyncedHoldsNothingOfTheStreamThoughItReportsSlaveReplOffsetOne() {
        ReplicationInfo info = ReplicationInfo.parse(NEVER_SYNCED);

        assertThat(info.isMaster()).isFalse();
        assertThat(info.offset()).isZero();
    }

    @Test
    void rejectsTextWithoutARole() {
        assertThatThrownBy(() -> ReplicationInfo.parse("# Server\r\nredis_version:7.0.15\r\n")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SentinelViewsTest {

    /** Field/value pairs of SENTINEL MASTER, as redis-sentinel 7.0.15 answered during a failover. */
    static Map<String, String> master(String ip, int port, String flags) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "mymaster");
        fields.put("ip", ip);
        fields.put("port", Integer.toString(port));
        fields.put("runid", "d003335fad2ecba307f6814811d0f1f309353e79");
        fields.put("flags", flags);
        fields.put("down-after-milliseconds", "5000");
        fields.put("config-epoch", "3");
        fields.put("num-slaves", "2");
        fields.put("num-other-sentinels", "2");
        fields.put("quorum", "2");
        fields.put("failover-timeout", "10000");
        fields.put("parallel-syncs", "1");
        return fields;
    }

    @Test
    void readsSentinelMaster() {
        SentinelMasterView view = SentinelMasterView.parse(master("10.0.0.1", 6379, "master,o_down,failover_in_progress"));

        assertThat(view.address()).isEqualTo(new Endpoint("10.0.0.1", 6379));
        assertThat(view.quorum()).isEqualTo(2);
        assertThat(view.downAfterMillis()).isEqualTo(5000);
        assertThat(view.failoverTimeoutMillis()).isEqualTo(10000);
        assertThat(view.configEpoch()).isEqualTo(3);
        assertThat(view.replicas()).isEqualTo(2);
        assertThat(view.otherSentinels()).isEqualTo(2);
        assertThat(view.masterDown()).isTrue();
        assertThat(view.failoverInProgress()).isTrue();
    }

    @Test
    void aHealthyMasterIsNeitherDownNorFailingOver() {
        SentinelMasterView view = SentinelMasterView.parse(master("10.0.0.1", 6379, "master"));

        assertThat(view.masterDown()).isFalse();
        assertThat(view.failoverInProgress()).isFalse();
    }

    @Test
    void readsReplicasAndSentinels() {
        SentinelPeerView replica = SentinelPeerView.parse(Map.of("name", "127.0.0.1:31901", "ip", "127.0.0.1", "port", "31901",
                "flags", "slave,s_down,disconnected", "slave-repl-offset", "1"));
        SentinelPeerView sentinel = SentinelPeerView.parse(Map.of("name", "abc", "ip", "10.0.0.9", "port", "26379", "flags", "sentinel"));

        assertThat(replica.address()).isEqualTo(new Endpoint("127.0.0.1", 31901));
        assertThat(replica.down()).isTrue();
        assertThat(replica.offset()).isEqualTo(1);
        assertThat(sentinel.down()).isFalse();
        assertThat(sentinel.flags()).containsExactly("sentinel");
    }
}

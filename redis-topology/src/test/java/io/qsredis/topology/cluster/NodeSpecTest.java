package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeSpecTest {

    @Test
    void theFailureDomainFollowsTheAtSignAndDefaultsToTheHost() {
        assertThat(NodeSpec.parse("redis-0.redis:6379@zone-a")).isEqualTo(new NodeSpec(new Endpoint("redis-0.redis", 6379), "zone-a"));
        assertThat(NodeSpec.parse("10.0.0.1:6379").failureDomain()).isEqualTo("10.0.0.1");
    }

    @Test
    void ipv6HostsAreWrittenInBrackets() {
        Endpoint endpoint = Endpoint.parse("[::1]:30001");

        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint).hasToString("[::1]:30001");
    }

    @Test
    void anEndpointNeedsAHostAndAPortInRange() {
        assertThatThrownBy(() -> Endpoint.parse("redis-0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.parse(":6379")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.parse("redis-0:70000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeSpec.parse("redis-0:6379@")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTrailingPlusMasterMarksTheNodePreferredAsMaster() {
        assertThat(NodeSpec.parse("redis-0.redis:6379@zone-a+master"))
                .isEqualTo(new NodeSpec(new Endpoint("redis-0.redis", 6379), "zone-a", true));
        assertThat(NodeSpec.parse("10.0.0.1:6379+master")).isEqualTo(new NodeSpec(new Endpoint("10.0.0.1", 6379), "10.0.0.1", true));
        assertThat(NodeSpec.parse("10.0.0.1:6379@zone-a").preferredMaster()).isFalse();
    }

    @Test
    void aSpecReadsBackFromItsText() {
        NodeSpec preferred = new NodeSpec(new Endpoint("::1", 30001), "rack-1", true);
        NodeSpec plain = NodeSpec.of(new Endpoint("redis-1", 6379));

        assertThat(NodeSpec.parse(preferred.toString())).isEqualTo(preferred);
        assertThat(NodeSpec.parse(plain.toString())).isEqualTo(plain);
    }

    @Test
    void anyOtherPlusSuffixIsRefused() {
        assertThatThrownBy(() -> NodeSpec.parse("redis-0:6379@zone-a+replica")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeSpec.parse("redis-0:6379+mastr")).isInstanceOf(IllegalArgumentException.class);
    }
}

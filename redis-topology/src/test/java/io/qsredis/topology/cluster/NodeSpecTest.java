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
}

package io.qsredis.operator.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisStatus;
import io.qsredis.testbed.Testbed;
import io.qsredis.testbed.TestbedConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** On the testbed's API server, which, like a real one, refuses a status update based on a stale resourceVersion. */
class StatusWriterOnTestbedMockTest {
    private final Testbed testbed = Testbed.start(TestbedConfig.isolated());
    private final KubernetesClient client = testbed.client();
    private final StatusWriter writer = new StatusWriter(client);

    @AfterEach
    void tearDown() {
        testbed.close();
    }

    private Redis live() {
        return client.resources(Redis.class).inNamespace("default").withName("cache").get();
    }

    private static RedisStatus state(String state) {
        RedisStatus status = new RedisStatus();
        status.state = state;
        return status;
    }

    @Test
    void writesOverTheLiveStatusWhenThePassReadAStaleResourceAndNothingWhenItAlreadySaysTheSame() {
        Redis redis = new Redis();
        redis.getMetadata().setNamespace("default");
        redis.getMetadata().setName("cache");
        client.resource(redis).create();
        Redis stale = live();
        writer.write(live(), state("Initializing"));

        assertThat(writer.write(stale, state("Ready"))).isTrue();
        assertThat(live().getStatus().state).isEqualTo("Ready");
        String version = live().getMetadata().getResourceVersion();
        assertThat(writer.write(stale, state("Ready"))).isFalse();
        assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    }
}

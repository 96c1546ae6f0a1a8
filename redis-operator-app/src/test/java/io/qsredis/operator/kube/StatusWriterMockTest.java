package io.qsredis.operator.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisReplicationSpec;
import io.qsredis.model.RedisReplicationStatus;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.operator.TestingApiServer;
import io.qsredis.operator.kube.Conditions.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusWriterMockTest {
    private TestingApiServer api;
    private KubernetesClient client;
    private StatusWriter writer;

    @BeforeEach
    void setUp() {
        api = new TestingApiServer();
        client = api.client();
        writer = new StatusWriter(client);
        RedisReplication replication = new RedisReplication();
        replication.getMetadata().setName("r");
        replication.getMetadata().setNamespace("ns");
        RedisReplicationSpec spec = new RedisReplicationSpec();
        spec.clusterSize = 3;
        spec.kubernetesConfig = new KubernetesConfig();
        spec.kubernetesConfig.image = "redis:7";
        replication.setSpec(spec);
        client.resource(replication).create();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private RedisReplication live() {
        return client.resources(RedisReplication.class).inNamespace("ns").withName("r").get();
    }

    private static RedisReplicationStatus status(String master, Verdict... verdicts) {
        RedisReplicationStatus status = new RedisReplicationStatus();
        status.masterNode = master;
        status.observedGeneration = 1L;
        status.conditions = Conditions.merge(null, List.of(verdicts), 1, Instant.parse("2025-01-01T00:00:00Z"));
        return status;
    }

    @Test
    void patchesTheStatusAndLeavesTheSpecAlone() {
        assertThat(writer.write(live(), status("r-0", Verdict.holds(Conditions.READY, "MasterElected", "r-0 is master")))).isTrue();

        RedisReplication live = live();
        assertThat(live.getStatus().masterNode).isEqualTo("r-0");
        assertThat(live.getStatus().conditions).anyMatch(c -> Conditions.READY.equals(c.getType()) && "True".equals(c.getStatus()));
        assertThat(live.getSpec().clusterSize).isEqualTo(3);
    }

    @Test
    void removesAFieldThePassNoLongerReports() {
        writer.write(live(), status("r-0"));

        assertThat(writer.write(live(), status(null))).isTrue();
        assertThat(live().getStatus().masterNode).isNull();
        assertThat(live().getStatus().observedGeneration).isEqualTo(1L);
    }

    @Test
    void replacesTheConditionsRatherThanAddingToThem() {
        writer.write(live(), status("r-0", Verdict.fails(Conditions.READY, "WaitingForPods", "0/3 ready"),
                Verdict.holds(Conditions.RECONCILING, "CreatingPods", "creating")));

        writer.write(live(), status("r-0", Verdict.holds(Conditions.READY, "MasterElected", "r-0 is master")));
        assertThat(live().getStatus().conditions).extracting(c -> c.getType() + "=" + c.getStatus()).containsExactly("Ready=True");
    }

    @Test
    void sendsNothingWhenTheStatusDidNotChange() {
        writer.write(live(), status("r-0", Verdict.holds(Conditions.READY, "MasterElected", "r-0 is master")));
        String version = live().getMetadata().getResourceVersion();

        assertThat(writer.write(live(), status("r-0", Verdict.holds(Conditions.READY, "MasterElected", "r-0 is master")))).isFalse();
        assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    }
}

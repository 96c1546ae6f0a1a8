package io.qsredis.renderer.model;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.EmbeddedSentinel;
import io.qsredis.model.common.ServiceType;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.TestingResources;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The views apply the API's defaults themselves, because the test API server does not apply CRD defaults, and
 * report every problem of a spec at once.
 */
class ModelDefaultsTest {

    @Test
    void sentinelsWatchMyMasterWithTheApiTimingsWhenTheSpecSaysNothing() {
        RedisSentinelModel model = RedisSentinelModel.fromCr(TestingResources.<RedisSentinel>cr("sentinel-minimal"));

        assertThat(model.sentinels().replicas()).isEqualTo(3);
        assertThat(model.sentinels().port()).isEqualTo(26379);
        assertThat(model.sentinels().resolveHostnames()).isFalse();
        assertThat(model.sentinels().announceHostnames()).isFalse();
        assertThat(model.monitor()).isEqualTo(new SentinelMonitor("myMaster", "orders", 6379, 2, 5000, 10000, 1, Optional.empty()));
    }

    @Test
    void embeddedSentinelsDefaultToThreeOnTheReplicationsImageAndWatchItWithItsPassword() {
        RedisReplication cr = TestingResources.cr("replication-full");
        cr.getSpec().sentinel = new EmbeddedSentinel();

        RedisReplicationModel model = RedisReplicationModel.fromCr(cr);

        assertThat(model.sentinels()).get().satisfies(sentinels -> {
            assertThat(sentinels.replicas()).isEqualTo(3);
            assertThat(sentinels.pod().image()).isEqualTo("redis:7.0.15");
            assertThat(sentinels.headlessServiceName()).isEqualTo("orders-s-hl");
        });
        assertThat(model.sentinelMonitor()).get().isEqualTo(
                new SentinelMonitor("myMaster", "orders", 6379, 2, 5000, 10000, 1, Optional.of(new SecretKeyRef("orders-auth", "password"))));
    }

    @Test
    void clusterDefaultsToPort6379AndOneFollowerPerShard() {
        RedisClusterModel model = RedisClusterModel.fromCr(TestingResources.<RedisCluster>cr("cluster-minimal"));

        assertThat(model.shards()).isEqualTo(3);
        assertThat(model.leaders().replicas()).isEqualTo(3);
        assertThat(model.followers().replicas()).isEqualTo(3);
        assertThat(model.leaders().port()).isEqualTo(6379);
        assertThat(model.leaders().cluster()).get().satisfies(cluster -> {
            assertThat(cluster.busPort()).isEqualTo(16379);
            assertThat(cluster.announceHostname()).isTrue();
            assertThat(cluster.preferredEndpointType()).isEqualTo(RenderOptions.ClusterEndpointType.IP);
        });
        assertThat(model.leaders().podDnsName(2)).isEqualTo("sessions-leader-2.sessions-leader-headless.apps.svc.cluster.local");
        assertThat(model.leaders().service().additionalEnabled()).isTrue();
        assertThat(model.leaders().service().additionalType()).isEqualTo(ServiceType.ClusterIP);
        assertThat(model.leaders().pdb()).contains(new PdbSettings(OptionalInt.empty(), OptionalInt.of(1)));
        assertThat(model.leaders().pod().statefulSet().updateStrategy().getType()).isEqualTo("OnDelete");
        assertThat(model.leaders().redis().persistence()).isFalse();
    }

    @Test
    void exporterListensOn9121UnlessTold() {
        RedisCluster cr = TestingResources.cr("cluster-full");
        cr.getSpec().redisExporter.port = null;

        assertThat(RedisClusterModel.fromCr(cr).leaders().pod().exporter()).get().extracting(ExporterSettings::port).isEqualTo(9121);
    }

    @Test
    void everyProblemOfASpecIsReportedAtOnce() {
        RedisCluster cr = Serialization.clone(TestingResources.<RedisCluster>cr("cluster-full"));
        cr.getSpec().clusterSize = null;
        cr.getSpec().kubernetesConfig.image = null;
        cr.getSpec().kubernetesConfig.redisSecret.key = null;
        cr.getSpec().redisConfig.dynamicConfig = List.of("include /etc/passwd");

        assertThatThrownBy(() -> RedisClusterModel.fromCr(cr))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).contains(
                        "spec.kubernetesConfig.image is required",
                        "spec.clusterSize is required and at least 1",
                        "spec.kubernetesConfig.redisSecret needs both name and key",
                        "spec.redisConfig.dynamicConfig must not set include: the operator writes it"
                                + " (passwords come from kubernetesConfig.redisSecret, never from the spec)"))
                .hasMessageStartingWith("RedisCluster sessions: ");
    }
}

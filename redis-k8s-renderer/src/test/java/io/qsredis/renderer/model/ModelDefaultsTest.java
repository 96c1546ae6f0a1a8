package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.EmbeddedSentinel;
import io.qsredis.model.common.RedisConfig;
import io.qsredis.model.common.ServiceType;
import io.qsredis.model.validation.SpecValidator;
import io.qsredis.model.validation.Violation;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.TestingResources;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The views read a resource with its CRD schema's defaults ({@link io.qsredis.model.schema.CrdDefaults}), so one read
 * from a file renders as one an API server stored. They render what {@link SpecValidator} accepts, warnings included,
 * and report every error it finds at once.
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
    void hostPortZeroIsNoHostPort() {
        Redis cr = TestingResources.cr("redis-minimal");
        cr.getSpec().hostPort = 0;

        assertThat(RedisModel.fromCr(cr).server().pod().hostPort()).isEmpty();
    }

    @Test
    void clusterNodesAnnounceTheirHostnamesFromVersionSevenUp() {
        RedisCluster cr = TestingResources.cr("cluster-minimal");
        cr.getSpec().clusterVersion = "v8";
        RedisCluster six = TestingResources.cr("cluster-minimal");
        six.getSpec().clusterVersion = "v6";

        assertThat(RedisClusterModel.fromCr(cr).leaders().cluster()).get().extracting(ClusterSettings::announceHostname).isEqualTo(true);
        assertThat(RedisClusterModel.fromCr(six).leaders().cluster()).get().extracting(ClusterSettings::announceHostname).isEqualTo(false);
    }

    @Test
    void everyErrorOfTheValidatorIsReportedAtOnceByFieldPath() {
        RedisCluster cr = Serialization.clone(TestingResources.<RedisCluster>cr("cluster-full"));
        cr.getSpec().clusterSize = null;
        cr.getSpec().kubernetesConfig.image = null;
        cr.getSpec().kubernetesConfig.redisSecret.key = null;
        cr.getSpec().redisConfig.dynamicConfig = List.of("include /etc/passwd");

        assertThatThrownBy(() -> RedisClusterModel.fromCr(cr))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.violations()).isEqualTo(SpecValidator.validate(cr).errors());
                    assertThat(e.violations()).extracting(Violation::path).contains(
                            "spec.clusterSize",
                            "spec.kubernetesConfig.image",
                            "spec.kubernetesConfig.redisSecret.key",
                            "spec.redisConfig.dynamicConfig[0]");
                    assertThat(e.problems()).contains("spec.redisConfig.dynamicConfig[0]: must not set include: the operator writes it");
                })
                .hasMessageStartingWith("RedisCluster sessions: spec.");
    }

    @Test
    void aSpecTheValidatorOnlyWarnsAboutIsRendered() {
        Redis cr = TestingResources.cr("redis-minimal");
        cr.getSpec().redisConfig = new RedisConfig();
        cr.getSpec().redisConfig.maxMemoryPercentOfLimit = 75;
        assertThat(SpecValidator.validate(cr).warnings()).extracting(Violation::path).containsExactly("spec.redisConfig.maxMemoryPercentOfLimit");

        assertThat(RedisModel.fromCr(cr).server().redis().maxmemoryBytes()).isEmpty();
    }

    @Test
    void maxMemoryIsThePercentageOfTheMemoryLimit() {
        Redis cr = TestingResources.cr("redis-minimal");
        cr.getSpec().redisConfig = new RedisConfig();
        cr.getSpec().redisConfig.maxMemoryPercentOfLimit = 75;
        cr.getSpec().kubernetesConfig.resources = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("1Gi")).build();

        assertThat(RedisModel.fromCr(cr).server().redis().maxmemoryBytes()).hasValue(805306368L);
    }

    @Test
    void noSidecarCanTakeTheNameOfAContainerTheRendererRuns() {
        assertThat(SpecValidator.RESERVED_CONTAINER_NAMES).contains(
                PodLayout.REDIS_CONTAINER, PodLayout.SENTINEL_CONTAINER, PodLayout.CONFIG_INIT_CONTAINER,
                PodLayout.SENTINEL_CONFIG_INIT_CONTAINER, PodLayout.EXPORTER_CONTAINER, PodLayout.USER_INIT_CONTAINER);
    }
}

package io.qsredis.model;

import io.qsredis.model.schema.CrdSchemaValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRDs that the operator chart installs are the ones this build generates from the model. No ordinary build
 * writes the chart's copy (only {@code bin/crds} does), so this test catches a model change whose CRDs were not
 * regenerated and committed, or a hand edit of the chart's copy.
 */
class ChartCrdsTest {

    private static final String REGENERATE = "run bin/crds and commit charts/qs-redis-operator-ot/crds";

    private static final Path CHART_CRDS = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
            .resolve("charts/qs-redis-operator-ot/crds");

    @ParameterizedTest
    @ValueSource(strings = {"Redis", "RedisReplication", "RedisSentinel", "RedisCluster"})
    void theChartHoldsTheFreshlyGeneratedCrd(String kind) throws IOException {
        String fresh = CrdSchemaValidator.crdYaml(kind);
        String plural = Manifests.tree(fresh).path("spec").path("names").path("plural").asString();
        Path inChart = chartDir().resolve(plural + "." + RedisApi.GROUP + "-v1.yml");

        assertThat(inChart).as("%s is missing: %s", inChart, REGENERATE).exists();
        assertThat(Files.readString(inChart))
                .as("%s differs from the CRD generated from the model: %s", inChart, REGENERATE)
                .isEqualTo(fresh);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Redis", "RedisReplication", "RedisSentinel", "RedisCluster"})
    void theCrdServesV1beta2WithTheStatusSubresource(String kind) {
        var crd = Manifests.tree(CrdSchemaValidator.crdYaml(kind));
        var version = crd.path("spec").path("versions").path(0);

        assertThat(crd.path("spec").path("group").asString()).isEqualTo("redis.redis.opstreelabs.in");
        assertThat(crd.path("spec").path("scope").asString()).isEqualTo("Namespaced");
        assertThat(crd.path("spec").path("names").path("kind").asString()).isEqualTo(kind);
        assertThat(version.path("name").asString()).isEqualTo("v1beta2");
        assertThat(version.path("served").asBoolean()).isTrue();
        assertThat(version.path("storage").asBoolean()).isTrue();
        assertThat(version.path("subresources").has("status")).isTrue();
    }

    private static Path chartDir() throws IOException {
        Path dir = CHART_CRDS;
        if (!Files.isDirectory(dir)) {
            dir = Path.of("..").resolve("charts/qs-redis-operator-ot/crds");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).as("CRD files in %s", dir).isEqualTo(4);
        }
        return dir;
    }
}

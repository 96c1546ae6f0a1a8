package io.qsredis.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartReferenceTest {
    private static final Path CHARTS = Path.of("../charts");

    @Test
    void findsAProjectChartByNameUnderTheChartsDirectory() {
        assertThat(ChartReference.resolve("qs-redis-sentinel", CHARTS)).isEqualTo(CHARTS.resolve("qs-redis-sentinel"));
    }

    @Test
    void takesAChartDirectoryGivenAsAPath() {
        assertThat(ChartReference.resolve("../charts/qs-redis-cluster", Path.of("elsewhere"))).isEqualTo(Path.of("../charts/qs-redis-cluster"));
    }

    @Test
    void refusesANameThatIsNoChartListingTheProjectsCharts() {
        assertThatThrownBy(() -> ChartReference.resolve("qs-redis-sentinal", CHARTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no chart qs-redis-sentinal")
                .hasMessageContaining("qs-redis-operator-ot, qs-redis-standalone, qs-redis-sentinel, qs-redis-cluster");
    }
}

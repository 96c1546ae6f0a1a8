package io.qsredis.it.charts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The three data charts share one _helpers.tpl: Helm cannot share templates without a library-chart dependency. */
class SharedHelpersTest {

    @Test
    void theDataChartsHelpersAreIdenticalCopies() {
        String standalone = Charts.read(Charts.STANDALONE, "templates/_helpers.tpl");

        assertThat(Charts.read(Charts.SENTINEL, "templates/_helpers.tpl")).as("qs-redis-sentinel").isEqualTo(standalone);
        assertThat(Charts.read(Charts.CLUSTER, "templates/_helpers.tpl")).as("qs-redis-cluster").isEqualTo(standalone);
    }
}

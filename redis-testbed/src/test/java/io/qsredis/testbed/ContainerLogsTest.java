package io.qsredis.testbed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerLogsTest {

    @Test
    void tailKeepsTheLastLines() {
        assertThat(ContainerLogs.tail("a\nb\nc\n", 2)).isEqualTo("b\nc\n");
        assertThat(ContainerLogs.tail("a\nb\nc", 1)).isEqualTo("c\n");
    }

    @Test
    void aNegativeTailKeepsEverything() {
        assertThat(ContainerLogs.tail("a\nb\n", -1)).isEqualTo("a\nb\n");
    }

    @Test
    void aTailLongerThanTheLogKeepsEverything() {
        assertThat(ContainerLogs.tail("a\nb\n", 10)).isEqualTo("a\nb\n");
        assertThat(ContainerLogs.tail("", 3)).isEmpty();
    }
}

package io.qsredis.operator.kube;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventRecorderMicroTimeTest {

    @Test
    void anEventTimeHasExactlySixFractionalDigitsAsTheApiServerParsesIt() {
        assertThat(EventRecorder.microTime(Instant.parse("2026-12-02T05:25:32.368107314Z"))).isEqualTo("2026-12-02T05:25:32.368107Z");
        assertThat(EventRecorder.microTime(Instant.parse("2026-12-02T05:25:32Z"))).isEqualTo("2026-12-02T05:25:32.000000Z");
    }
}

package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps are logged by their text, so a password option never shows its value there. */
class SentinelStepTest {

    private static final Endpoint SENTINEL = new Endpoint("10.0.1.1", 26379);

    @Test
    void settingTheAuthPassNeverShowsThePassword() {
        SentinelStep step = new SentinelStep.Set(SENTINEL, "mymaster", "auth-pass", "s3cr3t-value");

        assertThat(step.toString()).doesNotContain("s3cr3t-value").contains("auth-pass", "(redacted)", "mymaster");
    }

    @Test
    void settingATimingShowsItsValue() {
        SentinelStep step = new SentinelStep.Set(SENTINEL, "mymaster", "down-after-milliseconds", "5000");

        assertThat(step.toString()).contains("down-after-milliseconds 5000");
    }
}

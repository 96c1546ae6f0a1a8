package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** How Sentinels watch a master group. Timings are strings of milliseconds, as in the upstream API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SentinelConfig {
    /** Name of a ConfigMap whose key {@code redis-sentinel-additional.conf} is included in sentinel.conf. */
    public String additionalSentinelConfig;

    @Default("2")
    @Pattern("^[0-9]+$")
    public String quorum;

    @Default("1")
    @Pattern("^[0-9]+$")
    public String parallelSyncs;

    @Default("10000")
    @Pattern("^[0-9]+$")
    public String failoverTimeout;

    @Default("5000")
    @Pattern("^[0-9]+$")
    public String downAfterMilliseconds;

    @Default("no")
    @Pattern("^(yes|no)$")
    public String resolveHostnames;

    @Default("no")
    @Pattern("^(yes|no)$")
    public String announceHostnames;
}

package io.qsredis.operator.metrics;

import io.qsredis.operator.loop.ResourceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class HttpEndpointsTest {
    private final OperatorMetrics metrics = new OperatorMetrics();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final HttpEndpoints endpoints = HttpEndpoints.start(new InetSocketAddress("127.0.0.1", 0), metrics::scrape, () -> true, ready::get);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        endpoints.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessFollowsTheCheckAndLivenessAnswers() throws Exception {
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        ready.set(true);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountPassesErrorsAndDurationsPerKindAndStatePerResource() throws Exception {
        metrics.reconciled("RedisReplication", Duration.ofMillis(30), false);
        metrics.reconciled("RedisReplication", Duration.ofMillis(300), true);
        ResourceKey key = new ResourceKey("RedisReplication", "ns", "r");
        metrics.observed(key, true, 2);
        metrics.masterChanged(key);

        HttpResponse<String> response = get("/metrics");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains("redis_operator_reconcile_total{kind=\"RedisReplication\"} 2\n")
                .contains("redis_operator_reconcile_errors_total{kind=\"RedisReplication\"} 1\n")
                .contains("redis_operator_reconcile_duration_seconds_bucket{kind=\"RedisReplication\",le=\"0.05\"} 1\n")
                .contains("redis_operator_reconcile_duration_seconds_bucket{kind=\"RedisReplication\",le=\"+Inf\"} 2\n")
                .contains("redis_operator_resource_healthy{kind=\"RedisReplication\",namespace=\"ns\",name=\"r\"} 1\n")
                .contains("redis_operator_master_changes_total{kind=\"RedisReplication\",namespace=\"ns\",name=\"r\"} 1\n")
                .contains("redis_operator_replicas{kind=\"RedisReplication\",namespace=\"ns\",name=\"r\"} 2\n");

        metrics.forget(key);
        assertThat(get("/metrics").body()).doesNotContain("name=\"r\"");
    }
}

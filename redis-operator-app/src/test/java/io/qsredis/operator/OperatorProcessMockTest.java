package io.qsredis.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisSpec;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.operator.kube.LeaderElection;
import io.qsredis.operator.kube.WatchNamespaces;
import io.qsredis.operator.reconcile.Reconcilers;
import io.qsredis.renderer.RenderOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.qsredis.operator.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Two operator processes on one API server: one leads and reconciles, the other stands by and takes over. */
class OperatorProcessMockTest {
    /**
     * A lease the leader keeps through a few seconds' pause of a loaded machine (with 2 s the standby took it over
     * mid-test and reconciled); the hand-over stays quick because a stopping leader releases its lease.
     */
    private static final LeaderElection.Timings TIMINGS = new LeaderElection.Timings(Duration.ofSeconds(8), Duration.ofSeconds(6), Duration.ofMillis(200));

    private final TestingApiServer api = new TestingApiServer();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        api.close();
    }

    private OperatorProcess start(String identity) {
        KubernetesClient client = api.newClient();
        OperatorProcess.Settings settings = new OperatorProcess.Settings(Operator.Options.defaults(WatchNamespaces.all()),
                new InetSocketAddress("127.0.0.1", 0), Optional.of(new OperatorProcess.Lease("ops", "qs-redis-operator", TIMINGS)), identity,
                Duration.ofSeconds(10));
        OperatorProcess process = OperatorProcess.start(client, settings, Reconcilers.KINDS, context -> Reconcilers.create(context, RenderOptions.defaults()));
        closing.add(client);
        closing.add(0, process);
        return process;
    }

    private String get(OperatorProcess process, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.httpPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void createRedis(String name) {
        Redis redis = new Redis();
        redis.getMetadata().setNamespace("ns");
        redis.getMetadata().setName(name);
        redis.setSpec(new RedisSpec());
        redis.getSpec().kubernetesConfig = new KubernetesConfig();
        redis.getSpec().kubernetesConfig.image = "redis:7.0.15";
        api.client().resource(redis).create();
    }

    /** The gauge's sample line, not its HELP text (which also reads "redis_operator_leader 1 while ..."). */
    private boolean isLeader(OperatorProcess process) {
        return get(process, "/metrics").lines().anyMatch("redis_operator_leader 1"::equals);
    }

    private boolean statefulSetExists(String name) {
        return api.client().apps().statefulSets().inNamespace("ns").withName(name).get() != null;
    }

    @Test
    void onlyTheLeaderReconcilesAndAStandbyTakesOverWhenTheLeaderStops() {
        OperatorProcess first = start("first");
        await(() -> isLeader(first));
        OperatorProcess second = start("second");
        await(() -> get(second, "/readyz").startsWith("200"));
        assertThat(isLeader(second)).isFalse();

        createRedis("one");
        await(() -> statefulSetExists("one"));
        assertThat(api.client().v1().events().inNamespace("ns").list().getItems())
                .allMatch(e -> "first".equals(e.getReportingInstance()));

        first.close();
        await(() -> isLeader(second));
        createRedis("two");
        await(() -> statefulSetExists("two"));
        assertThat(api.client().leases().inNamespace("ops").withName("qs-redis-operator").get().getSpec().getHolderIdentity()).isEqualTo("second");
        assertThat(get(second, "/healthz")).startsWith("200");
    }
}

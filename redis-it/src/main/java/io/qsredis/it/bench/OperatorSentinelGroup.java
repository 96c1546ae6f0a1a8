package io.qsredis.it.bench;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.CommonStatus;
import io.qsredis.operator.Operator;
import io.qsredis.operator.OperatorProcess;
import io.qsredis.operator.kube.WatchNamespaces;
import io.qsredis.operator.reconcile.Reconcilers;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.testbed.Await;
import io.qsredis.testbed.Testbed;
import io.qsredis.testbed.TestbedConfig;
import redis.clients.jedis.HostAndPort;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's shape of the same group: RedisReplication {@code app} (3 servers, password) watched by RedisSentinel
 * {@code app} (3 Sentinels), on the testbed, where a killed container is restarted in place at once, as a kubelet does.
 */
final class OperatorSentinelGroup implements AutoCloseable {
    static final String GROUP = "mymaster";
    private static final String NAMESPACE = "default";

    private final Testbed testbed = Testbed.start(TestbedConfig.isolated());
    private final OperatorProcess operator;

    OperatorSentinelGroup(String password, long downAfterMillis) {
        OperatorProcess.Settings settings = new OperatorProcess.Settings(Operator.Options.defaults(WatchNamespaces.all()),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty(), "bench", Duration.ofSeconds(30));
        operator = OperatorProcess.start(testbed.newClient(), settings, Reconcilers.KINDS, context -> Reconcilers.create(context, RenderOptions.defaults()));
        testbed.apply("bench", SentinelGroupManifests.all(password, GROUP, downAfterMillis), NAMESPACE);
        awaitHealthy(RedisReplication.class);
        awaitHealthy(RedisSentinel.class);
    }

    private <S extends CommonStatus, T extends CustomResource<?, S>> void awaitHealthy(Class<T> type) {
        Await.until(type.getSimpleName() + " app healthy", Duration.ofSeconds(60), () -> {
            T cr = testbed.client().resources(type).inNamespace(NAMESPACE).withName("app").get();
            List<Condition> conditions = cr == null || cr.getStatus() == null || cr.getStatus().conditions == null ? List.of() : cr.getStatus().conditions;
            return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                    && conditions.stream().anyMatch(c -> "Degraded".equals(c.getType()) && "False".equals(c.getStatus()));
        });
    }

    Set<HostAndPort> sentinelAddresses() {
        return testbed.endpoints().services().get(NAMESPACE + "/app-sentinel").stream().map(HostAndPort::from).collect(Collectors.toSet());
    }

    /** Kills the master's container with SIGKILL (the testbed restarts it in place) and returns its address. */
    String killMaster() {
        String master = masterPod();
        String address = testbed.hooks().podAddress(NAMESPACE, master).orElseThrow();
        testbed.hooks().crashContainer(NAMESPACE, master);
        return address;
    }

    /**
     * Freezes the master's redis-server with SIGSTOP until {@link FailoverTrial.Disruption#undo()} thaws it. The testbed
     * runs readiness probes, not liveness probes, so nothing restarts the frozen container: it only turns unready.
     */
    FailoverTrial.Disruption hangMaster() {
        return new FailoverTrial.Disruption() {
            private long pid = -1;

            @Override
            public String inject() {
                String master = masterPod();
                String address = testbed.hooks().podAddress(NAMESPACE, master).orElseThrow();
                pid = testbed.hooks().containerPid(NAMESPACE, master).orElseThrow(() -> new IllegalStateException(master + " runs no container"));
                Signals.stop(pid);
                return address;
            }

            @Override
            public void undo() {
                if (pid > 0) {
                    Signals.resume(pid);
                }
            }
        };
    }

    private String masterPod() {
        return testbed.client().resources(RedisReplication.class).inNamespace(NAMESPACE).withName("app").get().getStatus().masterNode;
    }

    @Override
    public void close() {
        try {
            operator.close();
        } finally {
            testbed.close();
        }
    }
}

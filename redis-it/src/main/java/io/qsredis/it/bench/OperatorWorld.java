package io.qsredis.it.bench;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.CustomResource;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.CommonStatus;
import io.qsredis.operator.Operator;
import io.qsredis.operator.OperatorProcess;
import io.qsredis.operator.kube.WatchNamespaces;
import io.qsredis.operator.reconcile.ObservedPod;
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
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** A testbed of its own with the operator running on it, in the namespace {@code default}. */
final class OperatorWorld implements AutoCloseable {
    static final String NAMESPACE = "default";

    final Testbed testbed = Testbed.start(TestbedConfig.isolated());
    final OperatorProcess operator;

    OperatorWorld() {
        OperatorProcess.Settings settings = new OperatorProcess.Settings(Operator.Options.defaults(WatchNamespaces.all()),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty(), "bench", Duration.ofSeconds(30));
        operator = OperatorProcess.start(testbed.newClient(), settings, Reconcilers.KINDS, context -> Reconcilers.create(context, RenderOptions.defaults()));
    }

    Set<HostAndPort> endpoints(String service) {
        return testbed.endpoints().services().getOrDefault(NAMESPACE + "/" + service, List.of()).stream().map(HostAndPort::from)
                .collect(Collectors.toSet());
    }

    /** The pods of the StatefulSets, as the API lists them now. */
    List<Pod> pods(String... statefulSets) {
        return testbed.client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(p -> List.of(statefulSets).stream().anyMatch(set -> ObservedPod.belongsTo(p, set)))
                .toList();
    }

    Set<String> uids(String... statefulSets) {
        return pods(statefulSets).stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    }

    /** Ready (with every pod on the desired revision) for the current generation. */
    <S extends CommonStatus, T extends CustomResource<?, S>> boolean ready(Class<T> type, String name) {
        T cr = testbed.client().resources(type).inNamespace(NAMESPACE).withName(name).get();
        if (cr == null || cr.getStatus() == null || cr.getStatus().conditions == null
                || !cr.getMetadata().getGeneration().equals(cr.getStatus().observedGeneration)) {
            return false;
        }
        List<Condition> conditions = cr.getStatus().conditions;
        return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Ready and not Degraded: every pod there, every replica in sync, every Sentinel monitoring. */
    <S extends CommonStatus, T extends CustomResource<?, S>> boolean healthy(Class<T> type, String name) {
        return ready(type, name) && testbed.client().resources(type).inNamespace(NAMESPACE).withName(name).get().getStatus().conditions.stream()
                .anyMatch(c -> "Degraded".equals(c.getType()) && "False".equals(c.getStatus()));
    }

    <S extends CommonStatus, T extends CustomResource<?, S>> void awaitHealthy(Class<T> type, String name, Duration timeout) {
        Await.until(type.getSimpleName() + " " + name + " healthy", timeout, () -> healthy(type, name));
    }

    /** How long until every pod of the sets was replaced and {@code done} holds; empty when it never did. */
    Optional<Duration> awaitReplaced(Set<String> before, long since, Duration timeout, List<String> sets, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Pod> pods = pods(sets.toArray(String[]::new));
            boolean replaced = pods.size() == before.size() && pods.stream().noneMatch(p -> before.contains(p.getMetadata().getUid()));
            if (replaced && done.getAsBoolean()) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - since));
            }
            WriteProbe.sleep(Duration.ofMillis(200));
        }
        // Not done in time: say what stood in the way, the table marks the row "not done".
        testbed.client().pods().inNamespace(NAMESPACE).list().getItems().forEach(pod -> System.err.println("pod " + pod.getMetadata().getName()
                + " replaced=" + !before.contains(pod.getMetadata().getUid()) + " phase=" + pod.getStatus().getPhase()));
        for (Class<? extends CustomResource<?, ? extends CommonStatus>> type : List.of(RedisReplication.class, RedisSentinel.class, RedisCluster.class)) {
            testbed.client().resources(type).inNamespace(NAMESPACE).list().getItems().forEach(cr -> System.err.println(cr.getKind() + " "
                    + cr.getMetadata().getName() + " conditions=" + (cr.getStatus() == null ? null : cr.getStatus().conditions)));
        }
        return Optional.empty();
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

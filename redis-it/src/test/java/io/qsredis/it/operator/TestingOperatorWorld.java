package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.model.common.CommonStatus;
import io.qsredis.operator.Operator;
import io.qsredis.operator.OperatorProcess;
import io.qsredis.operator.kube.WatchNamespaces;
import io.qsredis.operator.reconcile.Reconcilers;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.testbed.Await;
import io.qsredis.testbed.Testbed;
import io.qsredis.testbed.TestbedConfig;
import io.qsredis.testbed.TestbedHooks;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One end-to-end world: a testbed (API server, kubelet running real Redis processes) and the operator on it, in this
 * JVM. The operator can be stopped and started again; everything stops on close, leaving no process. Registered as an
 * extension ({@code @RegisterExtension}), it prints every container's log (Redis and Sentinel) into the test's output
 * when the test fails, before the pods are gone, and closes itself after each test.
 */
final class TestingOperatorWorld implements AutoCloseable, AfterTestExecutionCallback, AfterEachCallback {
    static final String NAMESPACE = "default";

    private final Testbed testbed = Testbed.start(TestbedConfig.isolated());
    private KubernetesClient operatorClient;
    private OperatorProcess operator;

    TestingOperatorWorld() {
        this(true);
    }

    private TestingOperatorWorld(boolean operatorInThisJvm) {
        if (operatorInThisJvm) {
            startOperator();
        }
    }

    /** A testbed with no operator yet: for a test that runs the operator elsewhere (its image, its jar). */
    static TestingOperatorWorld withoutOperator() {
        return new TestingOperatorWorld(false);
    }

    void startOperator() {
        operatorClient = testbed.newClient();
        OperatorProcess.Settings settings = new OperatorProcess.Settings(
                Operator.Options.defaults(WatchNamespaces.all()), new InetSocketAddress("127.0.0.1", 0), Optional.empty(), "it", Duration.ofSeconds(30));
        operator = OperatorProcess.start(operatorClient, settings, Reconcilers.KINDS, context -> Reconcilers.create(context, RenderOptions.defaults()));
    }

    void stopOperator() {
        if (operator != null) {
            operator.close();
            operatorClient.close();
            operator = null;
        }
    }

    KubernetesClient client() {
        return testbed.client();
    }

    /** Writes a kubeconfig of the testbed's API server, for kubectl or Helm run as a process. */
    void writeKubeconfig(Path file) {
        testbed.writeKubeconfig(file);
    }

    TestbedHooks hooks() {
        return testbed.hooks();
    }

    /** The testbed's API server, {@code http://127.0.0.1:PORT}, as a kubeconfig names it. */
    String apiUrl() {
        return testbed.apiUrl();
    }

    void apply(String yaml) {
        testbed.apply("test", yaml, NAMESPACE);
    }

    <S extends CommonStatus, T extends CustomResource<?, S>> T get(Class<T> type, String name) {
        return client().resources(type).inNamespace(NAMESPACE).withName(name).get();
    }

    /** Waits until the resource's Ready condition is True for its current generation; returns it. */
    <S extends CommonStatus, T extends CustomResource<?, S>> T awaitReady(Class<T> type, String name, Duration timeout) {
        return Await.until(type.getSimpleName() + " " + name + " Ready", timeout, () -> Optional.ofNullable(get(type, name))
                .filter(cr -> cr.getStatus() != null && cr.getStatus().conditions != null
                        && cr.getStatus().conditions.stream().anyMatch(TestingOperatorWorld::readyTrue)
                        && cr.getMetadata().getGeneration().equals(cr.getStatus().observedGeneration)));
    }

    /** Waits until the resource is Ready and not Degraded (every replica in sync, every Sentinel monitoring). */
    <S extends CommonStatus, T extends CustomResource<?, S>> T awaitHealthy(Class<T> type, String name, Duration timeout) {
        return Await.until(type.getSimpleName() + " " + name + " Ready and not Degraded", timeout, () -> Optional.ofNullable(get(type, name))
                .filter(cr -> cr.getStatus() != null && cr.getStatus().conditions != null
                        && cr.getStatus().conditions.stream().anyMatch(TestingOperatorWorld::readyTrue)
                        && cr.getStatus().conditions.stream().anyMatch(c -> "Degraded".equals(c.getType()) && "False".equals(c.getStatus()))
                        && cr.getMetadata().getGeneration().equals(cr.getStatus().observedGeneration)));
    }

    private static boolean readyTrue(Condition condition) {
        return "Ready".equals(condition.getType()) && "True".equals(condition.getStatus());
    }

    /** The ready {@code ip:port} of a Service, as its Endpoints would list them. */
    List<String> serviceEndpoints(String service) {
        return testbed.endpoints().services().getOrDefault(NAMESPACE + "/" + service, List.of());
    }

    /** The ready {@code ip:port} of a Service in another namespace. */
    List<String> serviceEndpoints(String namespace, String service) {
        return testbed.endpoints().services().getOrDefault(namespace + "/" + service, List.of());
    }

    Set<HostAndPort> sentinelAddresses(String service) {
        return serviceEndpoints(service).stream().map(HostAndPort::from).collect(Collectors.toSet());
    }

    /** How often each event reason was recorded in the namespace (events are aggregated; their counts are added). */
    Map<String, Long> eventCounts() {
        return client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .collect(Collectors.groupingBy(e -> e.getReason(), Collectors.summingLong(e -> e.getCount() == null ? 1 : e.getCount())));
    }

    /**
     * Waits until {@code reason} was recorded more often than in {@code before} (a count taken before the change): the
     * operator writes an Event after the act it reports, so a test that has seen the act may still be ahead of it.
     */
    void awaitEvent(String reason, Map<String, Long> before, Duration timeout) {
        long seen = before.getOrDefault(reason, 0L);
        Await.until("a new " + reason + " Event", timeout, () -> eventCounts().getOrDefault(reason, 0L) > seen);
    }

    /**
     * The master address every Sentinel behind {@code sentinelService} names for {@code group}, when they all answer and
     * agree. (Sentinel's word, not the first answer: a Sentinel may still report the old master, and on a loaded machine
     * stock Sentinel may fail over a second time on its own.)
     */
    Optional<String> agreedMaster(String sentinelService, String group) {
        Set<String> named = new HashSet<>();
        for (HostAndPort sentinel : sentinelAddresses(sentinelService)) {
            try (Jedis jedis = new Jedis(sentinel, clientConfig(null))) {
                List<String> address = jedis.sentinelGetMasterAddrByName(group);
                if (address == null || address.isEmpty()) {
                    return Optional.empty();
                }
                named.add(address.get(0));
            } catch (RuntimeException unreachable) {
                return Optional.empty();
            }
        }
        return named.size() == 1 ? named.stream().findFirst() : Optional.empty();
    }

    String podIp(String pod) {
        return hooks().podAddress(NAMESPACE, pod).orElseThrow();
    }

    Map<String, String> labels(String pod) {
        Pod live = client().pods().inNamespace(NAMESPACE).withName(pod).get();
        return live == null || live.getMetadata().getLabels() == null ? Map.of() : live.getMetadata().getLabels();
    }

    static JedisClientConfig clientConfig(String password) {
        return clientConfig(password, 3_000);
    }

    /** A client that gives up on a node that does not answer within {@code timeoutMillis}, as failover-aware applications do. */
    static JedisClientConfig clientConfig(String password, int timeoutMillis) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(timeoutMillis);
        if (password != null) {
            builder.password(password);
        }
        return builder.build();
    }

    Jedis connect(String pod, String password) {
        return new Jedis(new HostAndPort(podIp(pod), 6379), clientConfig(password));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            printContainerLogs();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Prints the log of every container the testbed ran, pod by pod (the failing test's evidence). */
    void printContainerLogs() {
        try (Stream<Path> files = Files.walk(testbed.stateDirectory())) {
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                System.out.println("----- " + testbed.stateDirectory().relativize(log) + " -----");
                System.out.println(Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            stopOperator();
        } finally {
            testbed.close();
        }
    }
}

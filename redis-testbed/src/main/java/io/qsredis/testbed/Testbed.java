package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A Kubernetes-like world on one machine: an API server (fabric8's mock in CRUD mode, made to behave as the
 * operator needs: {@link TestbedApiDispatcher}), a StatefulSet controller, an endpoints controller, a kube-proxy with
 * load balancers ({@link NodePortProxy}), a garbage collector, and a kubelet that runs every pod as a real {@code redis-server}/{@code redis-sentinel} process on
 * its own loopback address with its own data directory per claim. Used by the {@code sandbox} command and
 * by the end-to-end tests; {@link #close()} (or the JVM's exit, or its death) leaves no process behind.
 *
 * <pre>{@code
 * try (Testbed testbed = Testbed.start(TestbedConfig.isolated())) {
 *     testbed.apply(Path.of("redis.yaml"));
 *     // run the operator with testbed.newClient() ...
 *     testbed.endpoints().writeTo(Path.of("endpoints.json"));
 * }
 * }</pre>
 */
public final class Testbed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Testbed.class);
    private static final long INFORMER_START_SECONDS = 30;

    private final Path stateDirectory;
    private final boolean temporaryState;
    private final ProcessReaper reaper;
    private final GarbageCollector garbageCollector;
    private final TestbedApiServer apiServer;
    private final KubernetesClient client;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Kubelet kubelet;
    private final StatefulSetController statefulSets;
    private final EndpointsController endpoints;
    private final NodePortProxy proxy;
    private final ManifestApplier applier;
    private final TestbedHooks hooks;
    private final Thread shutdownHook = new Thread(this::close, "testbed-shutdown");
    private final AtomicBoolean closed = new AtomicBoolean();

    private Testbed(TestbedConfig config) throws IOException {
        temporaryState = config.stateDirectory() == null;
        stateDirectory = temporaryState
                ? Files.createTempDirectory("qsredis-testbed-")
                : Files.createDirectories(config.stateDirectory()).toAbsolutePath();
        reaper = new ProcessReaper(stateDirectory.resolve("run"));
        garbageCollector = new GarbageCollector();
        Path podsRoot = stateDirectory.resolve("pods");
        apiServer = TestbedApiServer.start(garbageCollector::deleted, podsRoot);
        client = apiServer.newClient();
        garbageCollector.start(client);

        SharedIndexInformer<Pod> pods = informer(client.pods().inAnyNamespace().runnableInformer(0));
        SharedIndexInformer<Service> services = informer(client.services().inAnyNamespace().runnableInformer(0));
        SharedIndexInformer<StatefulSet> statefulSetInformer = informer(client.apps().statefulSets().inAnyNamespace().runnableInformer(0));
        SharedIndexInformer<PersistentVolumeClaim> claims = informer(client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0));
        SharedIndexInformer<ConfigMap> configMaps = informer(client.configMaps().inAnyNamespace().runnableInformer(0));
        SharedIndexInformer<Secret> secrets = informer(client.secrets().inAnyNamespace().runnableInformer(0));

        LoopbackAddressPool addresses = new LoopbackAddressPool(config.firstAddress(), config.addressCount(), LoopbackAddressPool.POD_PORTS);
        PodWorker.Environment environment = new PodWorker.Environment(
                client,
                new ApiObjectLookup(client),
                addresses,
                reaper,
                podsRoot,
                stateDirectory.resolve("claims"));
        kubelet = new Kubelet(environment, this::podTerminated);
        statefulSets = new StatefulSetController(client, kubelet);
        endpoints = new EndpointsController(client);
        proxy = new NodePortProxy(client, addresses);

        kubelet.watch(pods, configMaps, secrets, claims);
        statefulSets.watch(statefulSetInformer, pods, claims);
        endpoints.watch(services, pods);
        proxy.watch(services, pods);
        applier = new ManifestApplier(client);
        hooks = new TestbedHooks(client, kubelet);
    }

    /** Starts a testbed; it is ready for objects when this returns. */
    public static Testbed start(TestbedConfig config) {
        Testbed testbed;
        try {
            testbed = new Testbed(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(testbed.shutdownHook);
        try {
            CompletableFuture.allOf(testbed.informers.stream()
                            .map(informer -> informer.start().toCompletableFuture())
                            .toArray(CompletableFuture[]::new))
                    .get(INFORMER_START_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            testbed.close();
            throw new IllegalStateException("interrupted while starting the testbed", e);
        } catch (ExecutionException | TimeoutException e) {
            testbed.close();
            throw new IllegalStateException("the testbed's controllers did not start", e);
        }
        LOG.info("testbed started api={} addresses={}+{} state={}", testbed.apiServer.config().getMasterUrl(),
                config.firstAddress(), config.addressCount(), testbed.stateDirectory);
        return testbed;
    }

    /** The testbed's own client of its API server; closed with the testbed. */
    public KubernetesClient client() {
        return client;
    }

    /** A new client of the API server (for an operator that is started and stopped); the caller closes it. */
    public KubernetesClient newClient() {
        return apiServer.newClient();
    }

    /** How to reach the API server: plain HTTP on 127.0.0.1, default namespace {@code default}. */
    public Config apiConfig() {
        return apiServer.config();
    }

    /**
     * Applies the manifests in {@code file} (multi-document YAML: CRs, Secrets, ConfigMaps...), pruning what an
     * earlier apply of the same file created and the file no longer lists.
     */
    public List<ManifestChange> apply(Path file) {
        try {
            return apply(file.toAbsolutePath().toString(), Files.readString(file, StandardCharsets.UTF_8), "default");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies multi-document YAML, objects without a namespace going to {@code namespace}; {@code source}
     * names the manifest for pruning on its next apply.
     */
    public List<ManifestChange> apply(String source, String yaml, String namespace) {
        return applier.apply(source, yaml, namespace);
    }

    /** The API server's URL, {@code http://127.0.0.1:PORT}: what a kubeconfig names as the server. */
    public String apiUrl() {
        return apiServer.url();
    }

    /**
     * Writes a kubeconfig for this testbed to {@code file} (cluster and context {@code sandbox}, namespace
     * {@code default}, no credentials: the API server asks for none), so that kubectl and Helm can reach it.
     */
    public void writeKubeconfig(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, kubeconfig(apiUrl()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kubeconfig whose current context is {@code sandbox}: the API server at {@code server}, namespace default. */
    static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: sandbox
                  cluster:
                    server: %s
                users:
                - name: sandbox
                  user: {}
                contexts:
                - name: sandbox
                  context:
                    cluster: sandbox
                    user: sandbox
                    namespace: default
                current-context: sandbox
                """.formatted(server);
    }

    /** Where each Service and pod is reachable now: the sandbox's endpoints file. */
    public TestbedEndpoints endpoints() {
        return endpoints.current();
    }

    /**
     * Tells {@code listener} the endpoints now and each time they change (a pod Ready or gone, a new address),
     * so that the sandbox's endpoints file stays current; called from the testbed's endpoints controller.
     */
    public void onEndpointsChange(Consumer<TestbedEndpoints> listener) {
        endpoints.onChange(listener);
    }

    /** Writes {@link #endpoints()} to {@code file} as JSON. */
    public void writeEndpointsFile(Path file) {
        endpoints().writeTo(file);
    }

    /** What tests and benchmarks do to pods from outside: crash a container, delete a pod, wait. */
    public TestbedHooks hooks() {
        return hooks;
    }

    /** Where claims ({@code claims/<namespace>/<claim>}), pod volumes and container logs live. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** Stops every pod (SIGTERM, then SIGKILL), the controllers and the API server; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and runs the hook, which finds the testbed closed
            }
        }
        statefulSets.close();
        endpoints.close();
        proxy.close();
        garbageCollector.close();
        try {
            kubelet.close();
        } finally {
            informers.forEach(SharedIndexInformer::stop);
            client.close();
            apiServer.close();
            reaper.close();
            if (temporaryState) {
                try {
                    Directories.deleteRecursively(stateDirectory);
                } catch (UncheckedIOException e) {
                    LOG.warn("state directory not deleted path={}", stateDirectory, e);
                }
            }
            LOG.info("testbed stopped");
        }
    }

    private void podTerminated(String namespace, String pod) {
        statefulSets.podTerminated(namespace, pod);
    }

    private <T> SharedIndexInformer<T> informer(SharedIndexInformer<T> informer) {
        informers.add(informer);
        return informer;
    }


    /** Reads what a pod refers to straight from the API server, so that a just-created Secret is seen. */
    private static final class ApiObjectLookup implements ObjectLookup {
        private final KubernetesClient client;

        ApiObjectLookup(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public ConfigMap configMap(String namespace, String name) {
            return client.configMaps().inNamespace(namespace).withName(name).get();
        }

        @Override
        public Secret secret(String namespace, String name) {
            return client.secrets().inNamespace(namespace).withName(name).get();
        }

        @Override
        public boolean claimExists(String namespace, String name) {
            return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get() != null;
        }
    }
}

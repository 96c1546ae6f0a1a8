package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisApi;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The testbed's API server: fabric8's {@link KubernetesMockServer} in CRUD mode over plain HTTP, with the
 * four CRDs installed and the status subresource on for the kinds that have one in Kubernetes. CRUD mode has
 * no server-side apply, no strategic merge patch, no garbage collection (the testbed adds one), no admission
 * (CRD defaults and schema validation are not applied) and no discovery beyond the registered kinds.
 */
final class TestbedApiServer implements AutoCloseable {

    /** Ports other engineers' tests bind on 127.0.0.1; the API server never takes one of them. */
    private static final int RESERVED_FIRST = 30000;
    private static final int RESERVED_LAST = 32999;

    private static final List<Class<? extends CustomResource<?, ?>>> CUSTOM_RESOURCES =
            List.of(Redis.class, RedisReplication.class, RedisSentinel.class, RedisCluster.class);

    /** Built-in kinds whose status is a subresource, so that writing the object leaves its status alone. */
    private static final List<CustomResourceDefinitionContext> BUILT_IN_STATUS_SUBRESOURCES = List.of(
            builtIn(null, "v1", "Pod", "pods"),
            builtIn(null, "v1", "Service", "services"),
            builtIn(null, "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
            builtIn("apps", "v1", "StatefulSet", "statefulsets"),
            builtIn("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets"));

    /** The mock web server logs every request at INFO through java.util.logging; keep it quiet. */
    private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    private final KubernetesMockServer server;
    private final InetAddress address;
    private final Config config;

    private TestbedApiServer(KubernetesMockServer server, InetAddress address, Config config) {
        this.server = server;
        this.address = address;
        this.config = config;
    }

    /** Starts an API server on 127.0.0.1 whose dispatcher reports each deletion to {@code deletions}; no pod logs. */
    static TestbedApiServer start(BiConsumer<String, Boolean> deletions) {
        return start(deletions, null);
    }

    /**
     * Starts an API server on 127.0.0.1 whose dispatcher reports each deletion to {@code deletions} and serves
     * {@code pods/log} from the pod directories under {@code podsRoot}.
     */
    static TestbedApiServer start(BiConsumer<String, Boolean> deletions, Path podsRoot) {
        MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
        TestbedApiDispatcher dispatcher = new TestbedApiDispatcher(deletions, podsRoot);
        BUILT_IN_STATUS_SUBRESOURCES.forEach(dispatcher::expectCustomResource);
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server.init(loopback, freePortOutsideReservedRange(loopback));
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(server.url("/"))
                .withNamespace("default")
                .withHttp2Disable(true)
                .withTrustCerts(true)
                .withRequestRetryBackoffLimit(3)
                .build();
        TestbedApiServer apiServer = new TestbedApiServer(server, loopback, config);
        try (KubernetesClient client = apiServer.newClient()) {
            CUSTOM_RESOURCES.forEach(type -> client.resource(definitionOf(type)).create());
        }
        return apiServer;
    }

    /** How to reach this API server; the default namespace is {@code default}. */
    Config config() {
        return new ConfigBuilder(config).build();
    }

    /** {@code http://127.0.0.1:PORT}, with no trailing slash (a client that appends {@code /api} must not make {@code //api}). */
    String url() {
        return "http://" + address.getHostAddress() + ":" + server.getPort();
    }

    /** A new client of this API server; the caller closes it. */
    KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /**
     * Stops the server. The mock gives up with an exception when a client still holds a watch open past its shutdown
     * timeout; that must not stop the testbed from reaping its processes and state after this, so it is logged.
     */
    @Override
    public void close() {
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            org.slf4j.LoggerFactory.getLogger(TestbedApiServer.class).warn("api server did not stop in time: {}", String.valueOf(e));
        }
    }

    /** The CRD the build generated for {@code type}: its schema, status subresource and printer columns. */
    private static CustomResourceDefinition definitionOf(Class<? extends CustomResource<?, ?>> type) {
        String resource = RedisApi.generatedCrdResource(HasMetadata.getPlural(type));
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the generated CRD " + resource + " is not on the classpath");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CustomResourceDefinitionContext builtIn(String group, String version, String kind, String plural) {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withScope("Namespaced")
                .withStatusSubresource(true)
                .build();
    }

    private static int freePortOutsideReservedRange(InetAddress address) {
        while (true) {
            try (ServerSocket probe = new ServerSocket(0, 1, address)) {
                int port = probe.getLocalPort();
                if (port < RESERVED_FIRST || port > RESERVED_LAST) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

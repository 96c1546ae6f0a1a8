package io.qsredis.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.qsredis.operator.Operator;
import io.qsredis.operator.OperatorProcess;
import io.qsredis.operator.kube.LeaderElection;
import io.qsredis.operator.kube.WatchNamespaces;
import io.qsredis.operator.reconcile.Reconcilers;
import io.qsredis.renderer.RenderOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code run}: the operator against a real cluster, from a kubeconfig or the in-cluster service account. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the operator: reconciles Redis, RedisReplication and RedisSentinel resources of the cluster that the "
                    + "kubeconfig (--kubeconfig, $KUBECONFIG, ~/.kube/config) or the pod's service account names.",
            "Serves /metrics, /healthz and /readyz on --http-address. Stops cleanly on SIGTERM, releasing its lease."
        })
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, else in-cluster).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--namespaces", paramLabel = "NS[,NS...]", defaultValue = "${env:WATCH_NAMESPACE}",
            description = "Namespaces to watch, comma-separated; empty watches all (default: $WATCH_NAMESPACE).")
    String namespaces;

    @Option(names = "--http-address", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:8080",
            description = "Where /metrics, /healthz and /readyz listen (default: ${DEFAULT-VALUE}).")
    String httpAddress;

    @Option(names = "--leader-elect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Take part in leader election on a Lease, so that one of several replicas works (default: ${DEFAULT-VALUE}).")
    boolean leaderElect;

    @Option(names = "--lease-namespace", paramLabel = "NS", defaultValue = "${env:POD_NAMESPACE}",
            description = "Namespace of the Lease (default: $POD_NAMESPACE, else the client's namespace).")
    String leaseNamespace;

    @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = "qs-redis-operator", description = "Name of the Lease (default: ${DEFAULT-VALUE}).")
    String leaseName;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4", description = "Resources reconciled at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--resync-seconds", paramLabel = "S", defaultValue = "60",
            description = "Every resource is looked at again this often without a change (default: ${DEFAULT-VALUE}).")
    int resyncSeconds;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = "${env:SERVICE_DNS_DOMAIN:-" + RenderOptions.DEFAULT_CLUSTER_DOMAIN + "}",
            description = "DNS domain of the cluster (default: $SERVICE_DNS_DOMAIN, else " + RenderOptions.DEFAULT_CLUSTER_DOMAIN + ").")
    String clusterDomain;

    @Override
    public Integer call() throws Exception {
        Config config = kubeconfig != null
                ? Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString())
                : Config.autoConfigure(context);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            Operator.Options defaults = Operator.Options.defaults(WatchNamespaces.parse(namespaces));
            Operator.Options options = new Operator.Options(defaults.namespaces(), workers, Duration.ofSeconds(resyncSeconds),
                    defaults.backoff(), defaults.shutdownGrace());
            String namespace = leaseNamespace != null && !leaseNamespace.isBlank() ? leaseNamespace
                    : Optional.ofNullable(client.getNamespace()).orElse("default");
            Optional<OperatorProcess.Lease> lease = leaderElect
                    ? Optional.of(new OperatorProcess.Lease(namespace, leaseName, LeaderElection.Timings.DEFAULT))
                    : Optional.empty();
            OperatorProcess.Settings settings = new OperatorProcess.Settings(options, address(httpAddress), lease, identity(), Duration.ofMinutes(2));
            RenderOptions renderOptions = new RenderOptions(clusterDomain, RenderOptions.defaults().clusterEndpointType());
            OperatorProcess process = OperatorProcess.start(client, settings, Reconcilers.KINDS, context -> Reconcilers.create(context, renderOptions));
            Runtime.getRuntime().addShutdownHook(new Thread(process::close, "operator-shutdown"));
            return process.terminated().get();
        }
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected HOST:PORT, got " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static String identity() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "operator";
            }
        });
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package io.qsredis.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.operator.Operator;
import io.qsredis.operator.OperatorProcess;
import io.qsredis.operator.kube.WatchNamespaces;
import io.qsredis.operator.reconcile.Reconcilers;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.testbed.ManifestChange;
import io.qsredis.testbed.Testbed;
import io.qsredis.testbed.TestbedConfig;
import io.qsredis.testbed.TestbedEndpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code sandbox [-f MANIFESTS.yaml] [--chart NAME ...]}: the operator on the local testbed, with every pod a real
 * Redis process on its own loopback address. Writes a kubeconfig for {@code helm} and {@code kubectl}, applies the
 * file, installs the chart with the embedded Helm, prints each resource's state as it changes, writes the
 * endpoints file once all are Ready (and again when they move), applies the file again when it is edited, and stops
 * every process on Ctrl-C.
 */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the operator on a local testbed: an in-memory Kubernetes API and a kubelet that runs each pod as a real "
                    + "redis-server or redis-sentinel process on its own address 127.0.0.N.",
            "Applies MANIFESTS (Redis, RedisReplication, RedisSentinel, RedisCluster, Secrets, ConfigMaps), installs --chart with the "
                    + "embedded Helm, prints each resource's state as it changes, and applies the file again whenever it is saved. "
                    + "Ctrl-C stops everything.",
            "Without -f and --chart it runs nothing until helm or kubectl, through the kubeconfig it writes, install something: "
                    + "KUBECONFIG=sandbox.kubeconfig helm install my-redis charts/qs-redis-sentinel --set auth.password=secret."
        })
public final class SandboxCommand implements Callable<Integer> {
    static final Duration POLL = Duration.ofMillis(500);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    static final String DEFAULT_RELEASE = "my-redis";

    @Option(names = {"-f", "--filename"}, paramLabel = "MANIFESTS", description = "YAML file of resources to run.")
    Path file;

    @Option(names = "--chart", paramLabel = "NAME",
            description = "Installs this chart with Helm once the operator runs: a chart directory, or one of the project's charts "
                    + "under charts/ (qs-redis-operator-ot, qs-redis-standalone, qs-redis-sentinel, qs-redis-cluster).")
    String chart;

    @Option(names = "--release", paramLabel = "R", defaultValue = DEFAULT_RELEASE,
            description = "Helm release name of --chart (default: ${DEFAULT-VALUE}, the name of the charts' README).")
    String release;

    @Option(names = "--set", paramLabel = "K=V",
            description = "A value of --chart, as helm install --set takes it (repeatable), e.g. --set auth.password=secret.")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = {"-n", "--namespace"}, paramLabel = "N", defaultValue = "default",
            description = "Namespace of --chart's release (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--endpoints-file", paramLabel = "FILE",
            description = "Written as JSON once every resource is Ready: each Service's ready ip:port, each pod's address.")
    Path endpointsFile;

    @Option(names = "--kubeconfig-out", paramLabel = "FILE", defaultValue = "sandbox.kubeconfig",
            description = "Kubeconfig written at start for kubectl and Helm to reach the sandbox's API server (default: ${DEFAULT-VALUE}).")
    Path kubeconfig;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the operator's /metrics, /healthz and /readyz on 127.0.0.1 (default: any free port).")
    int httpPort;

    /** Stops the sandbox when counted down; the command line never does (Ctrl-C ends the JVM), tests do. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String manifest = null;
        if (file != null) {
            try {
                manifest = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                err.println(file + ": no such file");
                return 2;
            }
            List<String> problems = ManifestCheck.problems(manifest);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> err.println(file + ": " + problem));
                return 1;
            }
        }
        Optional<ChartInstall> install;
        try {
            install = chart == null ? Optional.empty()
                    : Optional.of(new ChartInstall(ChartReference.resolve(chart, Path.of("charts")), release, namespace, values));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        try (Testbed testbed = Testbed.start(TestbedConfig.sandbox());
                KubernetesClient client = testbed.newClient()) {
            print(out, "testbed started; state in " + testbed.stateDirectory());
            testbed.writeKubeconfig(kubeconfig);
            print(out, "kubeconfig for kubectl and Helm written to " + kubeconfig + "; in another shell:");
            out.println("export KUBECONFIG=" + kubeconfig.toAbsolutePath());
            if (file != null) {
                applyAndPrint(out, testbed);
            }
            Operator.Options options = Operator.Options.defaults(WatchNamespaces.all());
            OperatorProcess.Settings settings = new OperatorProcess.Settings(options, new InetSocketAddress("127.0.0.1", httpPort),
                    Optional.empty(), "sandbox", Duration.ofSeconds(30));
            RenderOptions render = RenderOptions.defaults();
            try (OperatorProcess operator = OperatorProcess.start(client, settings, Reconcilers.KINDS, context -> Reconcilers.create(context, render))) {
                print(out, "operator running; metrics at http://127.0.0.1:" + operator.httpPort() + "/metrics; Ctrl-C stops everything");
                if (install.isPresent() && !installAndPrint(out, err, install.get(), kubeconfig)) {
                    return 1;
                }
                watch(out, testbed, client, manifest);
            }
        }
        print(out, "sandbox stopped");
        return 0;
    }

    private boolean installAndPrint(PrintWriter out, PrintWriter err, ChartInstall install, Path kubeconfig) {
        print(out, install.commandLine());
        ChartInstall.Installed installed;
        try {
            installed = install.run(kubeconfig);
        } catch (IllegalStateException e) {
            err.println("helm install " + install.release() + " " + install.chart() + " failed: " + e.getMessage());
            err.flush();
            return false;
        }
        print(out, "installed release " + installed.namespace() + "/" + installed.name() + " (chart " + installed.chart()
                + ", revision " + installed.revision() + ", " + installed.status() + "); its Services' addresses follow once its "
                + "resources are Ready");
        return true;
    }

    private void watch(PrintWriter out, Testbed testbed, KubernetesClient client, String applied) throws IOException, InterruptedException {
        Map<String, String> printed = new HashMap<>();
        String lastManifest = applied;
        Optional<TestbedEndpoints> seen = Optional.empty();
        while (!stop.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            String manifest = file == null ? null : readOrKeep(lastManifest);
            if (manifest != null && !manifest.equals(lastManifest)) {
                lastManifest = manifest;
                List<String> problems = ManifestCheck.problems(manifest);
                if (problems.isEmpty()) {
                    print(out, file + " changed; applying it again");
                    applyAndPrint(out, testbed);
                } else {
                    problems.forEach(problem -> print(out, file + " not applied: " + problem));
                }
            }
            List<ResourceSummary> summaries = summaries(client);
            for (ResourceSummary summary : summaries) {
                if (!summary.line().equals(printed.put(summary.resource(), summary.line()))) {
                    print(out, summary.line());
                }
            }
            printed.keySet().retainAll(summaries.stream().map(ResourceSummary::resource).toList());
            if (!summaries.isEmpty() && summaries.stream().allMatch(ResourceSummary::ready)) {
                TestbedEndpoints endpoints = testbed.endpoints();
                if (seen.isEmpty() || !seen.get().equals(endpoints)) {
                    seen = Optional.of(endpoints);
                    if (endpointsFile != null) {
                        endpoints.writeTo(endpointsFile);
                        print(out, "all resources Ready; endpoints written to " + endpointsFile);
                    }
                    if (chart != null) {
                        releaseServices(endpoints).forEach((service, addresses) ->
                                print(out, "connect: Service " + service + " at " + String.join(" ", addresses)));
                    }
                }
            }
        }
    }

    /** The ready addresses of the release's Services: the charts name each {@code <release>} or {@code <release>-...}. */
    private Map<String, List<String>> releaseServices(TestbedEndpoints endpoints) {
        Map<String, List<String>> services = new LinkedHashMap<>();
        endpoints.services().forEach((service, addresses) -> {
            String name = service.substring(service.indexOf('/') + 1);
            if (service.startsWith(namespace + "/") && (name.equals(release) || name.startsWith(release + "-")) && !addresses.isEmpty()) {
                services.put(service, addresses);
            }
        });
        return services;
    }

    private String readOrKeep(String previous) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            // An editor that saves by replacing the file leaves it missing for a moment.
            return previous;
        }
    }

    private void applyAndPrint(PrintWriter out, Testbed testbed) {
        for (ManifestChange change : testbed.apply(file)) {
            print(out, change.toString());
        }
    }

    private static List<ResourceSummary> summaries(KubernetesClient client) {
        List<HasMetadata> resources = new ArrayList<>();
        resources.addAll(client.resources(Redis.class).inAnyNamespace().list().getItems());
        resources.addAll(client.resources(RedisReplication.class).inAnyNamespace().list().getItems());
        resources.addAll(client.resources(RedisSentinel.class).inAnyNamespace().list().getItems());
        resources.addAll(client.resources(RedisCluster.class).inAnyNamespace().list().getItems());
        return resources.stream().map(ResourceSummary::of).toList();
    }

    private static void print(PrintWriter out, String line) {
        out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(CLOCK) + " " + line);
        out.flush();
    }
}

package io.qsredis.operator.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.renderer.CustomResourceRenderer;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.RenderOptions.ClusterEndpointType;
import io.qsredis.renderer.model.InvalidSpecException;
import io.qsredis.renderer.yaml.Manifests;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code render -f CR.yaml}: prints what the operator would create, offline. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Prints every Kubernetes object the operator would create for the Redis, RedisReplication, RedisSentinel and "
                    + "RedisCluster resources of a file, as multi-document YAML.",
            "Works offline: it reads no cluster and no Secret, so no password can appear in its output.",
            "Other documents of the file (a Secret, a Namespace...) are skipped with a note on stderr."
        })
public final class RenderCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "YAML file with one or more resources; - reads standard input.")
    String file;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace of every resource, whatever the file says (default: the file's, else default).")
    String namespace;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = RenderOptions.DEFAULT_CLUSTER_DOMAIN,
            description = "DNS domain of the Kubernetes cluster, for pod names nodes announce (default: ${DEFAULT-VALUE}).")
    String clusterDomain;

    @Option(names = "--cluster-endpoint-type", paramLabel = "TYPE", defaultValue = "IP",
            description = "What Redis Cluster nodes give clients to connect to: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ClusterEndpointType clusterEndpointType;

    @Override
    public Integer call() throws IOException {
        Manifests.Parsed parsed;
        try {
            parsed = Manifests.read(read());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(file + ": " + e.getMessage());
            return 1;
        }
        parsed.skipped().forEach(skipped -> spec.commandLine().getErr().println("skipped " + skipped + ": not a resource of this operator"));
        RenderOptions options = new RenderOptions(clusterDomain, clusterEndpointType);
        List<HasMetadata> objects = new ArrayList<>();
        for (HasMetadata resource : parsed.resources()) {
            if (namespace != null) {
                resource.getMetadata().setNamespace(namespace);
            }
            try {
                objects.addAll(CustomResourceRenderer.render(resource, options).present());
            } catch (InvalidSpecException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
        spec.commandLine().getOut().print(Manifests.write(objects));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private String read() throws IOException {
        if (file.equals("-")) {
            InputStream in = System.in;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }
}

package io.qsredis.sandbox;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code helm install RELEASE CHART --namespace NAMESPACE --set K=V ...} with the Helm embedded in the sandbox
 * (helm-java, Helm 3 as a native library), against the sandbox's API server through a kubeconfig. Helm skips the
 * chart's {@code crds/} that the testbed already serves.
 *
 * <p>Helm runs in a JVM of its own ({@link #main(String[])}): once its Go runtime is loaded it takes over the
 * process's signals, and the sandbox would no longer stop on Ctrl-C or SIGTERM.
 */
record ChartInstall(Path chart, String release, String namespace, Map<String, String> values) {
    private static final long TIMEOUT_SECONDS = 120;

    ChartInstall {
        values = Map.copyOf(values);
    }

    /** What Helm reported: the release's name, namespace, chart, revision and status. */
    record Installed(String name, String namespace, String chart, String revision, String status) {}

    /**
     * Installs the chart in a child JVM and returns what Helm reported.
     *
     * @throws IllegalStateException with Helm's message, when Helm refuses (a value the chart requires, an object
     *     the API server refuses) or does not finish in time
     */
    Installed run(Path kubeconfig) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ChartInstall.class.getName(),
                chart.toAbsolutePath().toString(), release, namespace, kubeconfig.toAbsolutePath().toString()));
        new TreeMap<>(values).forEach((key, value) -> command.add(key + "=" + value));
        try {
            Process helm = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!helm.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                helm.destroyForcibly();
                throw new IllegalStateException("Helm did not finish within " + TIMEOUT_SECONDS + " s");
            }
            List<String> output = new String(helm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            String last = output.isEmpty() ? "" : output.get(output.size() - 1);
            String[] fields = last.split("\t");
            if (helm.exitValue() != 0 || fields.length != 5) {
                throw new IllegalStateException(String.join("\n", output).strip());
            }
            return new Installed(fields[0], fields[1], fields[2], fields[3], fields[4]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Helm installed " + release, e);
        }
    }

    /** The command as a Helm CLI user would type it; values are named, not shown, as they often hold a password. */
    String commandLine() {
        String sets = new TreeMap<>(values).keySet().stream().map(key -> " --set " + key + "=...").collect(Collectors.joining());
        return "helm install " + release + " " + chart + " --namespace " + namespace + sets;
    }

    /**
     * The child JVM: {@code CHART RELEASE NAMESPACE KUBECONFIG [K=V ...]}; prints the release's name, namespace, chart,
     * revision and status on one tab-separated line, or Helm's error and exits 1.
     */
    public static void main(String[] args) {
        InstallCommand install = new Helm(Path.of(args[0])).install()
                .withName(args[1])
                .withNamespace(args[2])
                .withKubeConfig(Path.of(args[3]));
        for (int i = 4; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            install.set(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        try {
            Release installed = install.call();
            System.out.println(String.join("\t", installed.getName(), installed.getNamespace(), installed.getChart(),
                    installed.getRevision(), installed.getStatus()));
            System.exit(0);
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }
}

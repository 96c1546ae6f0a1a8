package io.qsredis.sandbox;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code helm install RELEASE CHART --namespace NAMESPACE --set K=V ...} with the Helm embedded in the sandbox
 * (helm-java, Helm 3 as a native library), against the sandbox's API server through its kubeconfig. Helm skips
 * the chart's {@code crds/} that the testbed already serves.
 */
record ChartInstall(Path chart, String release, String namespace, Map<String, String> values) {

    ChartInstall {
        values = Map.copyOf(values);
    }

    /** Installs the chart; a Helm error (a value the chart requires, an object the API server refuses) is thrown with Helm's message. */
    Release run(Path kubeconfig) {
        InstallCommand install = new Helm(chart).install()
                .withName(release)
                .withNamespace(namespace)
                .withKubeConfig(kubeconfig.toAbsolutePath());
        values.forEach(install::set);
        return install.call();
    }

    /** The command as a Helm CLI user would type it; values are named, not shown, as they often hold a password. */
    String commandLine() {
        String sets = new TreeMap<>(values).keySet().stream().map(key -> " --set " + key + "=...").collect(Collectors.joining());
        return "helm install " + release + " " + chart + " --namespace " + namespace + sets;
    }
}

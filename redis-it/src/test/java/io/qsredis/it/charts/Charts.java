package io.qsredis.it.charts;

import com.marcnuri.helm.Helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The project's Helm charts, templated with the embedded Helm as {@code helm template RELEASE CHART --set ...} does. */
public final class Charts {
    private static final Path CHARTS = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).resolve("charts");

    private Charts() {}

    public static Path chart(String name) {
        Path dir = CHARTS.resolve(name);
        return Files.isDirectory(dir) ? dir : Path.of("..", "charts", name);
    }

    /** The chart's manifests, one multi-document YAML. */
    public static String template(String chart, String release, String namespace, Map<String, String> values) {
        var template = new Helm(chart(chart)).template().withName(release).withNamespace(namespace);
        values.forEach(template::set);
        return template.call();
    }
}

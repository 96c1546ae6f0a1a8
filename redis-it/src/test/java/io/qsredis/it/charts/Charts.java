package io.qsredis.it.charts;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The project's Helm charts, templated with the embedded Helm as {@code helm template RELEASE CHART --set ...} does. */
public final class Charts {
    public static final String OPERATOR = "qs-redis-operator-ot";
    public static final String STANDALONE = "qs-redis-standalone";
    public static final String SENTINEL = "qs-redis-sentinel";
    public static final String CLUSTER = "qs-redis-cluster";
    public static final List<String> ALL = List.of(OPERATOR, STANDALONE, SENTINEL, CLUSTER);
    public static final List<String> DATA = List.of(STANDALONE, SENTINEL, CLUSTER);
    /** The release and namespace the charts' READMEs install into. */
    public static final String RELEASE = "my-redis";
    public static final String NAMESPACE = "apps";

    private static final Path CHARTS = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).resolve("charts");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

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

    /** The release notes {@code helm install RELEASE CHART --namespace NAMESPACE} prints, rendered without a cluster. */
    public static String notes(String chart, String release, String namespace, Map<String, String> values) {
        var install = new Helm(chart(chart)).install().withName(release).withNamespace(namespace)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        values.forEach(install::set);
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    /** {@code helm template my-redis CHART --namespace apps --set ...}, one node per object. */
    public static List<JsonNode> objects(String chart, Map<String, String> values) {
        List<JsonNode> documents = new ArrayList<>();
        for (String document : template(chart, RELEASE, NAMESPACE, values).split("(?m)^---\\s*$")) {
            JsonNode node = YAML.readTree(document);
            if (node != null && node.isObject() && node.has("kind")) {
                documents.add(node);
            }
        }
        return documents;
    }

    public static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asString().equals(kind)).toList();
    }

    public static JsonNode onlyOfKind(List<JsonNode> objects, String kind) {
        List<JsonNode> found = ofKind(objects, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    /** A YAML or JSON file of the chart ({@code values.yaml}, {@code Chart.yaml}, {@code values.schema.json}). */
    public static JsonNode file(String chart, String name) {
        return YAML.readTree(read(chart, name));
    }

    public static String read(String chart, String name) {
        try {
            return Files.readString(chart(chart).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

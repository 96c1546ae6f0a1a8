package io.qsredis.it.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.qsredis.model.validation.ManifestValidator;
import io.qsredis.model.validation.ValidationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every chart lints strictly and renders, with its defaults and with each set of non-default values a platform team
 * would use, into objects that carry the standard labels and custom resources our CRD schemas accept.
 */
class ChartRenderingTest {

    /** The non-default value sets each chart is rendered with, by name. */
    static Stream<Arguments> valueSets() {
        Map<String, Map<String, String>> data = Map.of(
                "defaults", Map.of(),
                "existing Secret", Map.of("auth.existingSecret", "shop-redis", "auth.existingSecretKey", "redis-password"),
                "persistence off", Map.of("persistence.enabled", "false"),
                "metrics, ServiceMonitor, PrometheusRule and dashboard on", Map.of("metrics.enabled", "true",
                        "metrics.serviceMonitor.enabled", "true", "metrics.prometheusRule.enabled", "true",
                        "metrics.grafanaDashboard.enabled", "true"),
                "NetworkPolicy on", Map.of("networkPolicy.enabled", "true"),
                "auth off", Map.of("auth.enabled", "false"),
                "pod settings", Map.of("podSecurityContext.runAsUser", "1001", "securityContext.readOnlyRootFilesystem", "true",
                        "priorityClassName", "redis-high", "nodeSelector.disktype", "ssd", "tolerations[0].key", "dedicated",
                        "tolerations[0].operator", "Exists", "image.pullSecrets[0].name", "registry",
                        "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey", "kubernetes.io/hostname"));
        Map<String, Map<String, String>> operator = Map.of(
                "defaults", Map.of(),
                "namespace scope", Map.of("rbac.scope", "namespace", "watchNamespace", "apps,shop"),
                "two replicas", Map.of("replicaCount", "2"),
                "ServiceMonitor on", Map.of("metrics.serviceMonitor.enabled", "true"),
                "NetworkPolicy on", Map.of("networkPolicy.enabled", "true"));
        Stream<Arguments> dataSets = Charts.DATA.stream()
                .flatMap(chart -> data.entrySet().stream().map(set -> Arguments.of(chart, set.getKey(), set.getValue())));
        Stream<Arguments> operatorSets = operator.entrySet().stream().map(set -> Arguments.of(Charts.OPERATOR, set.getKey(), set.getValue()));
        return Stream.concat(dataSets, operatorSets);
    }

    @ParameterizedTest
    @ValueSource(strings = {Charts.OPERATOR, Charts.STANDALONE, Charts.SENTINEL, Charts.CLUSTER})
    void chartLintsStrictly(String chart) {
        LintResult result = new Helm(Charts.chart(chart)).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("valueSets")
    void everyRenderedCustomResourceValidatesAgainstTheGeneratedCrds(String chart, String name, Map<String, String> values) {
        List<JsonNode> objects = Charts.objects(chart, values);

        for (JsonNode resource : objects.stream().filter(o -> o.path("apiVersion").asString().startsWith("redis.redis.opstreelabs.in/")).toList()) {
            ValidationResult result = ManifestValidator.validateYaml(resource.toString());
            assertThat(result.errors()).as(resource.path("kind").asString() + ": " + result.errorSummary()).isEmpty();
        }
        assertThat(objects).isNotEmpty();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("valueSets")
    void everyRenderedObjectCarriesTheStandardLabels(String chart, String name, Map<String, String> values) {
        JsonNode chartYaml = Charts.file(chart, "Chart.yaml");

        for (JsonNode object : Charts.objects(chart, values)) {
            JsonNode labels = object.at("/metadata/labels");
            String what = object.path("kind").asString() + " " + object.at("/metadata/name").asString();
            assertThat(labels.path("app.kubernetes.io/name").asString()).as(what).isNotEmpty();
            assertThat(labels.path("app.kubernetes.io/instance").asString()).as(what).isEqualTo(Charts.RELEASE);
            assertThat(labels.path("app.kubernetes.io/version").asString()).as(what).isEqualTo(chartYaml.path("appVersion").asString());
            assertThat(labels.path("app.kubernetes.io/component").asString()).as(what).isNotEmpty();
            assertThat(labels.path("app.kubernetes.io/part-of").asString()).as(what).isEqualTo("qs-redis");
            assertThat(labels.path("app.kubernetes.io/managed-by").asString()).as(what).isEqualTo("Helm");
            assertThat(labels.path("helm.sh/chart").asString()).as(what)
                    .isEqualTo(chartYaml.path("name").asString() + "-" + chartYaml.path("version").asString());
        }
    }
}

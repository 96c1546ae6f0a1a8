package io.qsredis.it.charts;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.qsredis.it.charts.Charts.OPERATOR;
import static io.qsredis.it.charts.Charts.objects;
import static io.qsredis.it.charts.Charts.ofKind;
import static io.qsredis.it.charts.Charts.onlyOfKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator chart: its image, its RBAC in either scope, its probes, PDB, ServiceMonitor and NetworkPolicy. */
class OperatorChartTest {

    private static JsonNode container(List<JsonNode> objects) {
        return onlyOfKind(objects, "Deployment").at("/spec/template/spec/containers/0");
    }

    private static List<String> args(List<JsonNode> objects) {
        List<String> args = new ArrayList<>();
        container(objects).path("args").forEach(arg -> args.add(arg.asString()));
        return args;
    }

    @Test
    void theChartsAppVersionIsTheMavenProjectVersion() throws Exception {
        // The root pom is the source of the version; the chart's appVersion follows it.
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Charts.chart(OPERATOR).resolve("../../pom.xml").toFile());
        String projectVersion = XPathFactory.newInstance().newXPath().evaluate("/project/version", pom);

        assertThat(projectVersion).isNotEmpty();
        assertThat(Charts.file(OPERATOR, "Chart.yaml").path("appVersion").asString()).isEqualTo(projectVersion);
    }

    @Test
    void theDefaultImageIsTheOneBinImageBuilds() {
        String appVersion = Charts.file(OPERATOR, "Chart.yaml").path("appVersion").asString();

        assertThat(container(objects(OPERATOR, Map.of())).path("image").asString()).isEqualTo("localhost/qs-redis-operator:" + appVersion);
    }

    @Test
    void clusterScopeGrantsLeastPrivilegeWithoutExec() throws Exception {
        List<JsonNode> objects = objects(OPERATOR, Map.of());

        JsonNode role = onlyOfKind(objects, "ClusterRole");
        assertThat(role.toString()).contains("redisclusters/status", "leases", "nodes").doesNotContain("pods/exec", "\"*\"");
        assertThat(onlyOfKind(objects, "ClusterRoleBinding").at("/subjects/0/name").asString())
                .isEqualTo(onlyOfKind(objects, "ServiceAccount").at("/metadata/name").asString());
        assertThat(ofKind(objects, "Role")).isEmpty();
        try (var crds = Files.list(Charts.chart(OPERATOR).resolve("crds"))) {
            assertThat(crds.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "redis.redis.redis.opstreelabs.in-v1.yml",
                    "redisreplications.redis.redis.opstreelabs.in-v1.yml",
                    "redissentinels.redis.redis.opstreelabs.in-v1.yml",
                    "redisclusters.redis.redis.opstreelabs.in-v1.yml");
        }
    }

    @Test
    void namespaceScopeRendersARoleAndBindingInEachWatchedNamespaceAndNoClusterRole() {
        List<JsonNode> objects = objects(OPERATOR, Map.of("rbac.scope", "namespace", "watchNamespace", "apps, shop"));

        assertThat(ofKind(objects, "ClusterRole")).isEmpty();
        assertThat(ofKind(objects, "ClusterRoleBinding")).isEmpty();
        List<String> roles = ofKind(objects, "Role").stream()
                .map(r -> r.at("/metadata/namespace").asString() + "/" + r.at("/metadata/name").asString()).toList();
        assertThat(roles).containsExactlyInAnyOrder("apps/my-redis", "shop/my-redis", "apps/my-redis-leader-election");
        assertThat(ofKind(objects, "RoleBinding")).hasSize(3)
                .allSatisfy(binding -> assertThat(binding.at("/roleRef/name").asString()).isEqualTo(binding.at("/metadata/name").asString()));
        assertThat(args(objects)).contains("--namespaces=apps,shop");
    }

    @Test
    void namespaceScopeWithoutWatchedNamespacesIsRefusedWithTheReason() {
        assertThatThrownBy(() -> objects(OPERATOR, Map.of("rbac.scope", "namespace")))
                .hasMessageContaining("rbac.scope=namespace needs watchNamespace");
    }

    @Test
    void theOperatorWatchesEveryNamespaceByDefault() {
        assertThat(args(objects(OPERATOR, Map.of()))).contains("run", "--namespaces=", "--http-address=0.0.0.0:8080");
    }

    @Test
    void probesAskHealthzAndReadyzOnTheMetricsPort() {
        JsonNode container = container(objects(OPERATOR, Map.of()));

        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/healthz");
        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/readyz");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    }

    @Test
    void aPodDisruptionBudgetComesWithMoreThanOneReplica() {
        assertThat(ofKind(objects(OPERATOR, Map.of()), "PodDisruptionBudget")).isEmpty();

        List<JsonNode> objects = objects(OPERATOR, Map.of("replicaCount", "2"));

        JsonNode pdb = onlyOfKind(objects, "PodDisruptionBudget");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(onlyOfKind(objects, "Deployment").at("/spec/selector/matchLabels"));
    }

    @Test
    void theServiceMonitorScrapesTheMetricsService() {
        List<JsonNode> objects = objects(OPERATOR, Map.of("metrics.serviceMonitor.enabled", "true"));

        JsonNode monitor = onlyOfKind(objects, "ServiceMonitor");
        JsonNode service = onlyOfKind(objects, "Service");
        monitor.at("/spec/selector/matchLabels").properties()
                .forEach(label -> assertThat(service.at("/metadata/labels").path(label.getKey())).isEqualTo(label.getValue()));
        assertThat(monitor.at("/spec/endpoints/0/port").asString()).isEqualTo(service.at("/spec/ports/0/name").asString());
        assertThat(monitor.at("/spec/endpoints/0/path").asString()).isEqualTo("/metrics");
    }

    @Test
    void theNetworkPolicyAdmitsOnlyTheMetricsPortOfTheOperatorPods() {
        List<JsonNode> objects = objects(OPERATOR, Map.of("networkPolicy.enabled", "true"));

        JsonNode policy = onlyOfKind(objects, "NetworkPolicy");
        JsonNode podLabels = onlyOfKind(objects, "Deployment").at("/spec/template/metadata/labels");
        policy.at("/spec/podSelector/matchLabels").properties()
                .forEach(label -> assertThat(podLabels.path(label.getKey())).isEqualTo(label.getValue()));
        assertThat(policy.at("/spec/ingress")).hasSize(1);
        assertThat(policy.at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(8080);
    }
}

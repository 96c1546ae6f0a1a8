package io.qsredis.it.charts;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.qsredis.renderer.CustomResourceRenderer;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.yaml.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.qsredis.it.charts.Charts.CLUSTER;
import static io.qsredis.it.charts.Charts.SENTINEL;
import static io.qsredis.it.charts.Charts.STANDALONE;
import static io.qsredis.it.charts.Charts.objects;
import static io.qsredis.it.charts.Charts.ofKind;
import static io.qsredis.it.charts.Charts.onlyOfKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three data charts keep the README's promises (names, ports, group, passwords), and what they select (the
 * NetworkPolicy, the ServiceMonitor, the alerts, the cluster's startup Service) matches the objects the operator's
 * renderer makes from the custom resources they render.
 */
class DataChartsTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** What the operator would create from the chart's custom resources, as the renderer renders them. */
    private static List<HasMetadata> operatorObjects(String chart, Map<String, String> values) {
        List<HasMetadata> rendered = new ArrayList<>();
        for (HasMetadata resource : Manifests.read(Charts.template(chart, Charts.RELEASE, Charts.NAMESPACE, values)).resources()) {
            rendered.addAll(CustomResourceRenderer.render(resource, RenderOptions.defaults()).present());
        }
        return rendered;
    }

    private static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Map<String, String> labels(JsonNode matchLabels) {
        Map<String, String> labels = new TreeMap<>();
        matchLabels.properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
        return labels;
    }

    private static void assertSelects(Map<String, String> selector, Map<String, String> labels, String what) {
        assertThat(labels).as(what).containsAllEntriesOf(selector);
    }

    private static String password(List<JsonNode> objects) {
        return new String(Base64.getDecoder().decode(onlyOfKind(objects, "Secret").at("/data/password").asString()), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void withTheDefaultsAPasswordIsGeneratedIntoTheReleasesSecret(String chart) {
        List<JsonNode> objects = objects(chart, Map.of());

        JsonNode secret = onlyOfKind(objects, "Secret");
        assertThat(secret.at("/metadata/name").asString()).isEqualTo("my-redis-auth");
        assertThat(password(objects)).matches("[A-Za-z0-9]{32}");
        // The servers require it; a RedisSentinel does only with sentinel.auth.
        assertThat(objects.stream().filter(o -> o.path("apiVersion").asString().startsWith("redis.redis") && !o.path("kind").asString().equals("RedisSentinel")))
                .isNotEmpty()
                .allSatisfy(server -> assertThat(server.at("/spec/kubernetesConfig/redisSecret/name").asString()).isEqualTo("my-redis-auth"));
    }

    @Test
    void aGivenPasswordGoesIntoTheSecretAndNowhereElse() {
        List<JsonNode> objects = objects(STANDALONE, Map.of("auth.password", "s3cret-Pa55"));

        assertThat(password(objects)).isEqualTo("s3cret-Pa55");
        JsonNode redis = onlyOfKind(objects, "Redis");
        assertThat(redis.at("/spec/kubernetesConfig/redisSecret/key").asString()).isEqualTo("password");
        assertThat(redis.toString()).doesNotContain("s3cret-Pa55");
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void anExistingSecretIsReferencedWithItsKeyAndNoSecretIsCreated(String chart) {
        List<JsonNode> objects = objects(chart, Map.of("auth.existingSecret", "shop-redis", "auth.existingSecretKey", "redis-password"));

        assertThat(ofKind(objects, "Secret")).isEmpty();
        List<JsonNode> resources = objects.stream().filter(o -> o.path("apiVersion").asString().startsWith("redis.redis")).toList();
        JsonNode server = resources.get(0);
        assertThat(server.at("/spec/kubernetesConfig/redisSecret/name").asString()).isEqualTo("shop-redis");
        assertThat(server.at("/spec/kubernetesConfig/redisSecret/key").asString()).isEqualTo("redis-password");
    }

    @Test
    void theSentinelsGetTheReplicationsPasswordFromTheSameSecret() {
        List<JsonNode> objects = objects(SENTINEL, Map.of("auth.existingSecret", "shop-redis", "auth.existingSecretKey", "redis-password"));

        JsonNode ref = onlyOfKind(objects, "RedisSentinel").at("/spec/redisSentinelConfig/redisReplicationPassword/secretKeyRef");
        assertThat(ref.path("name").asString()).isEqualTo("shop-redis");
        assertThat(ref.path("key").asString()).isEqualTo("redis-password");
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void aTlsSecretReachesEveryResourceAndEveryPodMountsIt(String chart) {
        Map<String, String> values = Map.of("tls.existingSecret", "my-redis-tls");

        List<JsonNode> resources = objects(chart, values).stream().filter(o -> o.path("apiVersion").asString().startsWith("redis.redis")).toList();
        assertThat(resources).isNotEmpty().allSatisfy(resource -> assertThat(resource.at("/spec/TLS/secret/secretName").asString()).isEqualTo("my-redis-tls"));
        List<StatefulSet> statefulSets = ofType(operatorObjects(chart, values), StatefulSet.class);
        assertThat(statefulSets).isNotEmpty().allSatisfy(set -> assertThat(set.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(volume -> assertThat(volume.getSecret() == null ? null : volume.getSecret().getSecretName()).isEqualTo("my-redis-tls")));
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void withoutATlsSecretNoResourceAsksForTls(String chart) {
        assertThat(objects(chart, Map.of())).noneSatisfy(object -> assertThat(object.at("/spec/TLS").isMissingNode()).isFalse());
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void anAclSecretReachesEveryServerButNoSentinel(String chart) {
        List<JsonNode> resources = objects(chart, Map.of("acl.existingSecret", "my-redis-acl")).stream()
                .filter(o -> o.path("apiVersion").asString().startsWith("redis.redis")).toList();

        assertThat(resources.stream().filter(r -> !r.path("kind").asString().equals("RedisSentinel"))).isNotEmpty()
                .allSatisfy(server -> assertThat(server.at("/spec/acl/secret/secretName").asString()).isEqualTo("my-redis-acl"));
        assertThat(resources.stream().filter(r -> r.path("kind").asString().equals("RedisSentinel")))
                .allSatisfy(sentinel -> assertThat(sentinel.at("/spec/acl").isMissingNode()).isTrue());
    }

    @Test
    void sentinelChartGivesTheReadmesSentinelServiceAndGroup() {
        // The README's client: Sentinel([('my-redis-sentinel', 26379)], password='secret').master_for('mymaster')
        List<JsonNode> objects = objects(SENTINEL, Map.of());

        JsonNode replication = onlyOfKind(objects, "RedisReplication");
        JsonNode sentinel = onlyOfKind(objects, "RedisSentinel");
        assertThat(replication.at("/spec/clusterSize").asInt()).isEqualTo(3);
        assertThat(sentinel.at("/spec/clusterSize").asInt()).isEqualTo(3);
        assertThat(sentinel.at("/spec/redisSentinelConfig/masterGroupName").asString()).isEqualTo("mymaster");
        assertThat(sentinel.at("/spec/redisSentinelConfig/redisReplicationName").asString()).isEqualTo(replication.at("/metadata/name").asString());
        Service service = ofType(operatorObjects(SENTINEL, Map.of()), Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals("my-redis-sentinel")).findFirst().orElseThrow();
        assertThat(service.getSpec().getPorts()).anySatisfy(port -> assertThat(port.getPort()).isEqualTo(26379));
    }

    @Test
    void anEvenNumberOfSentinelsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> objects(SENTINEL, Map.of("sentinel.replicas", "4")))
                .hasMessageContaining("sentinel.replicas must be odd (got 4)");
    }

    @Test
    void clusterChartsStartupServiceReachesEveryNodeOnTheReadmesAddress() {
        // The README's client: RedisCluster(startup_nodes=[{"host": "my-redis-cluster", "port": "6379"}])
        List<JsonNode> objects = objects(CLUSTER, Map.of());

        JsonNode cluster = onlyOfKind(objects, "RedisCluster");
        assertThat(cluster.at("/spec/clusterSize").asInt()).isEqualTo(3);
        assertThat(cluster.at("/spec/redisFollower/replicas").asInt()).isEqualTo(3);
        JsonNode service = ofKind(objects, "Service").stream()
                .filter(s -> s.at("/metadata/name").asString().equals("my-redis-cluster")).findFirst().orElseThrow();
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(6379);
        List<StatefulSet> sets = ofType(operatorObjects(CLUSTER, Map.of()), StatefulSet.class);
        assertThat(sets).hasSize(2).allSatisfy(set -> assertSelects(labels(service.at("/spec/selector")),
                set.getSpec().getTemplate().getMetadata().getLabels(), set.getMetadata().getName()));
    }

    @ParameterizedTest
    @ValueSource(strings = {SENTINEL, CLUSTER})
    void persistenceIsOnByDefault(String chart) {
        JsonNode resource = objects(chart, Map.of()).stream().filter(o -> o.path("apiVersion").asString().startsWith("redis.redis")).findFirst().orElseThrow();

        assertThat(resource.at("/spec/storage/volumeClaimTemplate/spec/resources/requests/storage").asString()).isEqualTo("1Gi");
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void persistenceOffRendersNoVolumeClaims(String chart) {
        List<StatefulSet> sets = ofType(operatorObjects(chart, Map.of("persistence.enabled", "false")), StatefulSet.class);

        assertThat(sets).isNotEmpty().allSatisfy(set -> assertThat(set.getSpec().getVolumeClaimTemplates()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void everyPodGetsTheOperatorsAntiAffinityByDefault(String chart) {
        List<StatefulSet> sets = ofType(operatorObjects(chart, Map.of()), StatefulSet.class);

        assertThat(sets).isNotEmpty().allSatisfy(set -> assertThat(set.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()).as(set.getMetadata().getName()).isNotEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void placementAndSecurityValuesReachEveryPod(String chart) {
        List<StatefulSet> sets = ofType(operatorObjects(chart, Map.of("nodeSelector.disktype", "ssd", "priorityClassName", "redis-high",
                "podSecurityContext.runAsUser", "1001", "tolerations[0].key", "dedicated", "tolerations[0].operator", "Exists")), StatefulSet.class);

        assertThat(sets).isNotEmpty().allSatisfy(set -> {
            var pod = set.getSpec().getTemplate().getSpec();
            assertThat(pod.getNodeSelector()).as(set.getMetadata().getName()).containsEntry("disktype", "ssd");
            assertThat(pod.getPriorityClassName()).as(set.getMetadata().getName()).isEqualTo("redis-high");
            assertThat(pod.getSecurityContext().getRunAsUser()).as(set.getMetadata().getName()).isEqualTo(1001L);
            assertThat(pod.getTolerations()).as(set.getMetadata().getName()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void theNetworkPolicyCoversEveryPodOfTheRelease(String chart) {
        Map<String, String> values = Map.of("networkPolicy.enabled", "true");
        JsonNode policy = onlyOfKind(objects(chart, values), "NetworkPolicy");

        Map<String, String> selector = labels(policy.at("/spec/podSelector/matchLabels"));
        Map<String, String> peers = labels(policy.at("/spec/ingress/0/from/0/podSelector/matchLabels"));
        List<StatefulSet> sets = ofType(operatorObjects(chart, values), StatefulSet.class);
        assertThat(sets).isNotEmpty().allSatisfy(set -> {
            assertSelects(selector, set.getSpec().getTemplate().getMetadata().getLabels(), set.getMetadata().getName());
            assertSelects(peers, set.getSpec().getTemplate().getMetadata().getLabels(), set.getMetadata().getName());
        });
    }

    @Test
    void theNetworkPolicyLetsLabelledClientsAndTheOperatorIn() {
        JsonNode ingress = onlyOfKind(objects(SENTINEL, Map.of("networkPolicy.enabled", "true")), "NetworkPolicy").at("/spec/ingress");

        assertThat(ingress.at("/1/from/0/podSelector/matchLabels/app.kubernetes.io~1name").asString()).isEqualTo("qs-redis-operator");
        assertThat(ingress.at("/1/ports").isMissingNode()).as("the operator reaches every port").isTrue();
        assertThat(labels(ingress.at("/2/from/0/podSelector/matchLabels"))).isEqualTo(Map.of("my-redis-client", "true"));
        List<Integer> clientPorts = new ArrayList<>();
        ingress.at("/2/ports").forEach(port -> clientPorts.add(port.path("port").asInt()));
        assertThat(clientPorts).containsExactly(6379, 26379);
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void theServiceMonitorScrapesEveryMetricsServiceTheOperatorRenders(String chart) {
        Map<String, String> values = Map.of("metrics.enabled", "true", "metrics.serviceMonitor.enabled", "true");
        JsonNode monitor = onlyOfKind(objects(chart, values), "ServiceMonitor");

        List<Service> metrics = ofType(operatorObjects(chart, values), Service.class).stream()
                .filter(s -> s.getMetadata().getName().endsWith("-metrics")).toList();
        assertThat(metrics).isNotEmpty().allSatisfy(service -> {
            assertSelects(labels(monitor.at("/spec/selector/matchLabels")), service.getMetadata().getLabels(), service.getMetadata().getName());
            assertThat(service.getSpec().getPorts()).anySatisfy(port -> assertThat(port.getName()).isEqualTo(monitor.at("/spec/endpoints/0/port").asString()));
        });
    }

    @Test
    void aServiceMonitorWithoutTheExporterIsRefusedWithTheReason() {
        assertThatThrownBy(() -> objects(STANDALONE, Map.of("metrics.serviceMonitor.enabled", "true")))
                .hasMessageContaining("need metrics.enabled=true: they watch the exporter");
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void theAlertsWatchEveryMetricsServiceOfTheRelease(String chart) {
        Map<String, String> values = Map.of("metrics.enabled", "true", "metrics.prometheusRule.enabled", "true");
        JsonNode rule = onlyOfKind(objects(chart, values), "PrometheusRule");

        Matcher service = Pattern.compile("service=~\"([^\"]+)\"").matcher(rule.at("/spec/groups/0/rules/0/expr").asString());
        assertThat(service.find()).isTrue();
        List<Service> metrics = ofType(operatorObjects(chart, values), Service.class).stream()
                .filter(s -> s.getMetadata().getName().endsWith("-metrics")).toList();
        assertThat(metrics).isNotEmpty().allSatisfy(s -> assertThat(s.getMetadata().getName()).matches(service.group(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void theGrafanaDashboardChartsEveryMetricsServiceOfTheRelease(String chart) {
        Map<String, String> values = Map.of("metrics.enabled", "true", "metrics.grafanaDashboard.enabled", "true");
        JsonNode configMap = onlyOfKind(objects(chart, values), "ConfigMap");

        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asString()).isEqualTo("1");
        JsonNode dashboard = YAML.readTree(configMap.at("/data/my-redis.json").asString());
        assertThat(dashboard.path("panels")).isNotEmpty();
        List<Service> metrics = ofType(operatorObjects(chart, values), Service.class).stream()
                .filter(s -> s.getMetadata().getName().endsWith("-metrics")).toList();
        for (JsonNode panel : dashboard.path("panels")) {
            Matcher service = Pattern.compile("service=~\"([^\"]+)\"").matcher(panel.at("/targets/0/expr").asString());
            assertThat(service.find()).as(panel.path("title").asString()).isTrue();
            assertThat(metrics).isNotEmpty().allSatisfy(s -> assertThat(s.getMetadata().getName()).matches(service.group(1)));
        }
    }

    @Test
    void eachShapeAlertsOnWhatCanGoWrongWithIt() {
        Map<String, String> values = Map.of("metrics.enabled", "true", "metrics.prometheusRule.enabled", "true");

        assertThat(alerts(STANDALONE, values)).containsExactlyInAnyOrder("RedisDown", "RedisMemoryNearMaxmemory");
        assertThat(alerts(SENTINEL, values)).containsExactlyInAnyOrder("RedisDown", "RedisMemoryNearMaxmemory", "RedisNoMaster",
                "RedisReplicationLinkDown", "RedisFailoverHappened");
        assertThat(alerts(CLUSTER, values)).containsExactlyInAnyOrder("RedisDown", "RedisMemoryNearMaxmemory", "RedisClusterStateNotOk",
                "RedisReplicationLinkDown", "RedisFailoverHappened");
    }

    private static List<String> alerts(String chart, Map<String, String> values) {
        List<String> alerts = new ArrayList<>();
        onlyOfKind(objects(chart, values), "PrometheusRule").at("/spec/groups/0/rules").forEach(r -> alerts.add(r.path("alert").asString()));
        return alerts;
    }

    @ParameterizedTest
    @ValueSource(strings = {STANDALONE, SENTINEL, CLUSTER})
    void theReadmeNamesEveryObjectTheOperatorCreates(String chart) {
        String readme = Charts.read(chart, "README.md");
        String creates = readme.substring(readme.indexOf("## What it creates"), readme.indexOf("## Connecting"));

        TreeSet<String> missing = new TreeSet<>();
        for (HasMetadata object : operatorObjects(chart, Map.of("metrics.enabled", "true"))) {
            String kind = object.getKind();
            if ((kind.equals("StatefulSet") || kind.equals("Service") || kind.equals("PodDisruptionBudget"))
                    && !creates.contains("`" + object.getMetadata().getName() + "`")) {
                missing.add(kind + " " + object.getMetadata().getName());
            }
        }
        assertThat(missing).isEmpty();
    }
}

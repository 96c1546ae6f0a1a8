package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableViewTest {

    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");

    private static final ServedResource REPLICATIONS = new ServedResource("redis.redis.opstreelabs.in", "v1beta2",
            "redisreplications", "RedisReplication", true, List.of(), List.of(), List.of("status"), List.of(
                    new CustomResourceColumnDefinitionBuilder().withName("Age").withType("date")
                            .withJsonPath(".metadata.creationTimestamp").build(),
                    new CustomResourceColumnDefinitionBuilder().withName("Master").withType("string")
                            .withJsonPath(".status.masterNode").build(),
                    new CustomResourceColumnDefinitionBuilder().withName("Size").withType("integer").withPriority(1)
                            .withJsonPath(".spec.clusterSize").build()),
            true);

    private static JsonNode json(String text) {
        return Serialization.jsonMapper().readTree(text);
    }

    private static List<String> names(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.path("columnDefinitions").forEach(column -> names.add(column.path("name").asString()));
        return names;
    }

    @Test
    void aCustomResourceRowHasNameAndItsPrinterColumns() {
        JsonNode table = TableView.of(REPLICATIONS, List.of(json("""
                {"metadata":{"name":"my-redis","creationTimestamp":"2026-12-02T05:55:00Z"},
                 "spec":{"clusterSize":3},"status":{"masterNode":"my-redis-0"}}""")), TableView.Include.METADATA, NOW, "7");

        assertThat(table.path("kind").asString()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        assertThat(names(table)).containsExactly("Name", "Age", "Master", "Size");
        assertThat(table.path("columnDefinitions").get(3).path("priority").asInt()).isEqualTo(1);
        assertThat(table.path("rows").get(0).path("cells")).isEqualTo(json("[\"my-redis\",\"5m\",\"my-redis-0\",3]"));
        assertThat(table.path("rows").get(0).path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
        assertThat(table.path("rows").get(0).path("object").path("metadata").path("name").asString()).isEqualTo("my-redis");
    }

    @Test
    void aMissingPrinterColumnValueIsNull() {
        JsonNode table = TableView.of(REPLICATIONS, List.of(json("{\"metadata\":{\"name\":\"new\"}}")),
                TableView.Include.NONE, NOW, "7");

        assertThat(table.path("rows").get(0).path("cells").get(2).isNull()).isTrue();
        assertThat(table.path("rows").get(0).has("object")).isFalse();
    }

    @Test
    void aPodRowHasReadyStatusRestartsAgeIpAndNode() {
        ServedResource pods = ServedResources.BUILT_IN.stream().filter(r -> r.plural().equals("pods")).findFirst().orElseThrow();
        JsonNode table = TableView.of(pods, List.of(json("""
                {"metadata":{"name":"my-redis-0","creationTimestamp":"2026-12-02T05:59:30Z"},
                 "spec":{"nodeName":"testbed","containers":[{"name":"redis"}]},
                 "status":{"phase":"Running","podIP":"127.0.0.11",
                           "containerStatuses":[{"name":"redis","ready":true,"restartCount":2,"state":{"running":{}}}]}}""")),
                TableView.Include.OBJECT, NOW, "7");

        assertThat(names(table)).containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node");
        assertThat(table.path("rows").get(0).path("cells"))
                .isEqualTo(json("[\"my-redis-0\",\"1/1\",\"Running\",2,\"30s\",\"127.0.0.11\",\"testbed\"]"));
        assertThat(table.path("rows").get(0).path("object").path("status").path("phase").asString()).isEqualTo("Running");
    }

    @Test
    void aPodBeingDeletedIsTerminating() {
        ServedResource pods = ServedResources.BUILT_IN.stream().filter(r -> r.plural().equals("pods")).findFirst().orElseThrow();
        JsonNode table = TableView.of(pods, List.of(json("""
                {"metadata":{"name":"p","deletionTimestamp":"2026-12-02T05:59:59Z"},"status":{"phase":"Running"}}""")),
                TableView.Include.NONE, NOW, "7");

        assertThat(table.path("rows").get(0).path("cells").get(2).asString()).isEqualTo("Terminating");
    }

    @Test
    void anyOtherKindHasNameAndAge() {
        ServedResource configMaps = ServedResources.BUILT_IN.stream().filter(r -> r.plural().equals("configmaps")).findFirst().orElseThrow();
        JsonNode table = TableView.of(configMaps, List.of(json(
                "{\"metadata\":{\"name\":\"c\",\"creationTimestamp\":\"2026-12-01T06:00:00Z\"}}")), TableView.Include.NONE, NOW, "7");

        assertThat(names(table)).containsExactly("Name", "Age");
        assertThat(table.path("rows").get(0).path("cells")).isEqualTo(json("[\"c\",\"24h\"]"));
    }

    @Test
    void kubectlsAcceptHeaderAsksForATable() {
        assertThat(TableView.isAskedFor("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"))
                .isTrue();
        assertThat(TableView.isAskedFor("application/json")).isFalse();
        assertThat(TableView.isAskedFor(null)).isFalse();
    }

    @Test
    void agesReadAsKubectlPrintsThem() {
        assertThat(TableView.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(TableView.humanDuration(Duration.ofSeconds(330))).isEqualTo("5m30s");
        assertThat(TableView.humanDuration(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(TableView.humanDuration(Duration.ofMinutes(185))).isEqualTo("3h5m");
        assertThat(TableView.humanDuration(Duration.ofHours(52))).isEqualTo("2d4h");
        assertThat(TableView.humanDuration(Duration.ofDays(30))).isEqualTo("30d");
    }
}

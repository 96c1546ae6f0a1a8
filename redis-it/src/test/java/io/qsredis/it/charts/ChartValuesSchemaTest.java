package io.qsredis.it.charts;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each chart's values.schema.json types and describes every value of its values.yaml, refuses a wrong type or an
 * unknown key with the value's path, and the README's values table says what the two say.
 */
class ChartValuesSchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {Charts.OPERATOR, Charts.STANDALONE, Charts.SENTINEL, Charts.CLUSTER})
    void everyValueIsTypedAndDescribedInTheSchema(String chart) {
        JsonNode schema = Charts.file(chart, "values.schema.json");
        ChartValues values = ChartValues.of(chart);

        TreeSet<String> described = new TreeSet<>();
        values.values().forEach(value -> {
            assertThat(value.type()).as(value.path() + " type").isNotEmpty();
            assertThat(value.description()).as(value.path() + " description").isNotEmpty();
            described.add(value.path());
        });
        assertThat(described).isEqualTo(ChartValues.paths(schema, Charts.file(chart, "values.yaml"), ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {Charts.STANDALONE, Charts.SENTINEL, Charts.CLUSTER})
    void aWrongTypeIsRefusedWithTheValuesPath(String chart) {
        assertThatThrownBy(() -> Charts.objects(chart, Map.of("persistence.enabled", "yes-please")))
                .hasMessageContaining("/persistence/enabled")
                .hasMessageContaining("want boolean");
    }

    @ParameterizedTest
    @ValueSource(strings = {Charts.OPERATOR, Charts.STANDALONE, Charts.SENTINEL, Charts.CLUSTER})
    void aMisspelledValueIsRefused(String chart) {
        assertThatThrownBy(() -> Charts.objects(chart, Map.of("resources.limit.memory", "1Gi")))
                .hasMessageContaining("/resources")
                .hasMessageContaining("'limit' not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {Charts.OPERATOR, Charts.STANDALONE, Charts.SENTINEL, Charts.CLUSTER})
    void aValueOutsideItsEnumIsRefused(String chart) {
        assertThatThrownBy(() -> Charts.objects(chart, Map.of("image.pullPolicy", "Sometimes")))
                .hasMessageContaining("/image/pullPolicy");
    }

    @ParameterizedTest
    @ValueSource(strings = {Charts.OPERATOR, Charts.STANDALONE, Charts.SENTINEL, Charts.CLUSTER})
    void theReadmesValuesTableMatchesValuesAndSchema(String chart) {
        String readme = Charts.read(chart, "README.md");
        String start = "<!-- values-table:start -->\n";
        String end = "<!-- values-table:end -->";
        assertThat(readme).contains(start, end);

        String table = readme.substring(readme.indexOf(start) + start.length(), readme.indexOf(end));

        assertThat(table).isEqualTo(ChartValues.of(chart).table());
    }
}

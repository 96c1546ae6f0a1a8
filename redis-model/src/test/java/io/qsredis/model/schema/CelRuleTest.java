package io.qsredis.model.schema;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The part of CEL our CRDs' rules use, evaluated as the API server evaluates it. */
class CelRuleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void anExclusiveFieldsRuleHoldsUnlessBothAreSet() {
        String rule = "!(has(self.minAvailable) && has(self.maxUnavailable))";

        assertThat(CelRule.holds(rule, json("{\"minAvailable\": 1}"))).isTrue();
        assertThat(CelRule.holds(rule, json("{}"))).isTrue();
        assertThat(CelRule.holds(rule, json("{\"minAvailable\": 1, \"maxUnavailable\": 1}"))).isFalse();
    }

    @Test
    void anOddnessRuleHoldsForOddIntegersOnly() {
        assertThat(CelRule.holds("self % 2 == 1", json("3"))).isTrue();
        assertThat(CelRule.holds("self % 2 == 1", json("4"))).isFalse();
    }

    @Test
    void operatorsFollowCelPrecedence() {
        assertThat(CelRule.holds("self.a + self.b * 2 <= 7 || false", json("{\"a\": 1, \"b\": 3}"))).isTrue();
        assertThat(CelRule.holds("self.a != 1 && true", json("{\"a\": 1}"))).isFalse();
        assertThat(CelRule.holds("self.name == 'x'", json("{\"name\": \"x\"}"))).isTrue();
    }

    @Test
    void aRuleOutsideTheSupportedPartIsRefusedNamingIt() {
        assertThatThrownBy(() -> CelRule.holds("self.all(x, x > 0)", json("[1]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("self.all(x, x > 0)")
                .hasMessageContaining("outside the part of CEL");
    }

    @Test
    void everyRuleOfTheGeneratedCrdsCompiles() {
        assertThat(CelRule.compileAll(CrdSchemaValidator.forKind("Redis").openApiSchema())).isEqualTo(1);
        assertThat(CelRule.compileAll(CrdSchemaValidator.forKind("RedisReplication").openApiSchema())).isEqualTo(2);
        assertThat(CelRule.compileAll(CrdSchemaValidator.forKind("RedisSentinel").openApiSchema())).isEqualTo(2);
        assertThat(CelRule.compileAll(CrdSchemaValidator.forKind("RedisCluster").openApiSchema())).isEqualTo(3);
    }
}

package io.qsredis.testbed;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelSelectorTest {
    private static final JsonNode POD = new ObjectMapper().readTree("{\"metadata\":{\"labels\":{\"app\":\"shop\",\"role\":\"master\"}}}");

    @Test
    void equalityRequirementsMatchTheLabelsValue() {
        assertThat(LabelSelector.parse("app=shop,role==master").matches(POD)).isTrue();
        assertThat(LabelSelector.parse("app=cache").matches(POD)).isFalse();
    }

    @Test
    void anInequalityHoldsForAnotherValueAndForAnAbsentLabel() {
        assertThat(LabelSelector.parse("role!=slave,zone!=a").matches(POD)).isTrue();
        assertThat(LabelSelector.parse("role!=master").matches(POD)).isFalse();
    }

    @Test
    void existenceRequirementsAskOnlyWhetherTheLabelIsThere() {
        assertThat(LabelSelector.parse("app,!zone").matches(POD)).isTrue();
        assertThat(LabelSelector.parse("!app").matches(POD)).isFalse();
    }

    @Test
    void anEmptySelectorSelectsEverything() {
        assertThat(LabelSelector.parse("").matches(POD)).isTrue();
    }

    @Test
    void aSetBasedRequirementIsRefused() {
        assertThatThrownBy(() -> LabelSelector.parse("role in (master,slave)")).isInstanceOf(IllegalArgumentException.class);
    }
}

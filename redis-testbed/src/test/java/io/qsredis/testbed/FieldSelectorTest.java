package io.qsredis.testbed;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSelectorTest {

    private static final JsonNode EVENT = Serialization.jsonMapper().readTree("""
            {"kind":"Event","metadata":{"name":"e","namespace":"default"},
             "involvedObject":{"kind":"RedisReplication","name":"my-redis","namespace":"default","uid":"u-1"}}""");

    @Test
    void describesSelectorMatchesTheEventsOfItsObject() {
        assertThat(FieldSelector.parse("involvedObject.kind=RedisReplication,involvedObject.uid=u-1,"
                + "involvedObject.name=my-redis,involvedObject.namespace=default").matches(EVENT)).isTrue();
    }

    @Test
    void anotherObjectsEventsDoNotMatch() {
        assertThat(FieldSelector.parse("involvedObject.name=other").matches(EVENT)).isFalse();
        assertThat(FieldSelector.parse("involvedObject.name==my-redis,involvedObject.uid=u-2").matches(EVENT)).isFalse();
    }

    @Test
    void notEqualsNegates() {
        assertThat(FieldSelector.parse("involvedObject.kind!=Pod").matches(EVENT)).isTrue();
        assertThat(FieldSelector.parse("involvedObject.kind!=RedisReplication").matches(EVENT)).isFalse();
    }

    @Test
    void aMissingFieldReadsAsEmpty() {
        assertThat(FieldSelector.parse("spec.nodeName=").matches(EVENT)).isTrue();
        assertThat(FieldSelector.parse("spec.nodeName=n").matches(EVENT)).isFalse();
    }

    @Test
    void anEmptySelectorMatchesEverything() {
        assertThat(FieldSelector.parse("").matches(EVENT)).isTrue();
    }

    @Test
    void aRequirementWithoutOperatorIsRefusedNamingIt() {
        assertThatThrownBy(() -> FieldSelector.parse("involvedObject.name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("involvedObject.name");
    }
}

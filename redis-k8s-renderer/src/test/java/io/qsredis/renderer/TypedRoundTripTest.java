package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rendered object, printed as YAML and read back into fabric8's class for its kind, is equal to what was
 * rendered (field by field) and prints the same, and uses only fields that class knows (no {@code additionalProperties}).
 */
class TypedRoundTripTest {
    static final List<String> RESOURCES = TestingResources.ALL;

    @ParameterizedTest
    @FieldSource("RESOURCES")
    void everyObjectRoundTripsThroughItsTypedModel(String resource) {
        for (HasMetadata object : TestingResources.render(resource).present()) {
            String yaml = Serialization.asYaml(object);
            HasMetadata parsed = Serialization.unmarshal(yaml, object.getClass());

            assertThat(tree(parsed)).as(object.getKind() + " " + object.getMetadata().getName()).isEqualTo(tree(object));
            assertThat(Serialization.asYaml(parsed)).isEqualTo(yaml);
            assertOnlyKnownFields(parsed, object.getKind() + " " + object.getMetadata().getName());
        }
    }

    private static JsonNode tree(Object object) {
        return Serialization.jsonMapper().valueToTree(object);
    }

    private static void assertOnlyKnownFields(Object value, String path) {
        if (value instanceof Collection<?> values) {
            values.forEach(item -> assertOnlyKnownFields(item, path + "[]"));
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> assertOnlyKnownFields(item, path + "." + key));
            return;
        }
        if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object field = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) field).as("fields of " + path + " unknown to " + value.getClass().getSimpleName()).isNullOrEmpty();
            } else {
                assertOnlyKnownFields(field, path + "." + getter.getName().substring(3));
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter.toString(), e);
        }
    }
}

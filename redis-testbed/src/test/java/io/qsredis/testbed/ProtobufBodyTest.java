package io.qsredis.testbed;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufBodyTest {

    @Test
    void readsHelmsReleaseSecretAsTheJsonObjectItEncodes() {
        byte[] metadata = concat(
                field(1, text("sh.helm.release.v1.my-redis.v1")),
                field(3, text("default")),
                field(8, new byte[0]),
                field(11, concat(field(1, text("owner")), field(2, text("helm")))),
                field(11, concat(field(1, text("status")), field(2, text("deployed")))));
        byte[] secret = concat(
                field(1, metadata),
                field(2, concat(field(1, text("release")), field(2, new byte[] {0x1f, (byte) 0x8b, 0}))),
                field(3, text("helm.sh/release.v1")));
        byte[] unknown = concat(field(1, concat(field(1, text("v1")), field(2, text("Secret")))), field(2, secret));

        ObjectNode json = ProtobufBody.toJson(concat(new byte[] {'k', '8', 's', 0}, unknown));

        assertThat(json.path("kind").asString()).isEqualTo("Secret");
        assertThat(json.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(json.path("metadata").path("name").asString()).isEqualTo("sh.helm.release.v1.my-redis.v1");
        assertThat(json.path("metadata").path("namespace").asString()).isEqualTo("default");
        assertThat(json.path("metadata").path("labels").path("status").asString()).isEqualTo("deployed");
        assertThat(json.path("type").asString()).isEqualTo("helm.sh/release.v1");
        assertThat(Base64.getDecoder().decode(json.path("data").path("release").asString())).containsExactly(0x1f, 0x8b, 0);
    }

    @Test
    void readsTheDeleteOptionsOfADeletionWithItsPropagationPolicy() {
        byte[] unknown = concat(field(1, concat(field(1, text("v1")), field(2, text("DeleteOptions")))),
                field(2, field(4, text("Background"))));

        ObjectNode json = ProtobufBody.toJson(concat(new byte[] {'k', '8', 's', 0}, unknown));

        assertThat(json.path("kind").asString()).isEqualTo("DeleteOptions");
        assertThat(json.path("propagationPolicy").asString()).isEqualTo("Background");
    }

    @Test
    void refusesAKindItDoesNotReadNamingIt() {
        byte[] unknown = field(1, concat(field(1, text("apps/v1")), field(2, text("Deployment"))));

        assertThatThrownBy(() -> ProtobufBody.toJson(concat(new byte[] {'k', '8', 's', 0}, unknown)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apps/v1 Deployment");
    }

    @Test
    void refusesABodyWithoutTheEnvelope() {
        assertThatThrownBy(() -> ProtobufBody.toJson("{\"kind\":\"Secret\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k8s");
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A length-delimited field: tag, length, bytes (every length here fits one varint byte). */
    private static byte[] field(int number, byte[] value) {
        return concat(new byte[] {(byte) (number << 3 | 2), (byte) value.length}, value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

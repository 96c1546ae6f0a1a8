package io.qsredis.model;

import io.qsredis.model.schema.CrdSchemaValidator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field path of the upstream API (ot-v1beta2-fields.txt, copied from shared/reference) exists in our
 * generated CRDs, and our full test manifests set each of them.
 */
class FieldListTest {

    private record FieldPath(String kind, String path) {
        @Override
        public String toString() {
            return kind + " " + path;
        }
    }

    private static List<FieldPath> upstreamFields() {
        List<FieldPath> fields = new ArrayList<>();
        for (String line : Manifests.text("/ot-v1beta2-fields.txt").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            fields.add(new FieldPath(parts[0], parts[1]));
        }
        return fields;
    }

    @Test
    void theFieldListIsTheWholeUpstreamList() {
        assertThat(upstreamFields()).hasSize(400);
        assertThat(upstreamFields()).extracting(FieldPath::kind).containsOnly("Redis", "RedisReplication", "RedisSentinel", "RedisCluster");
    }

    @Test
    void everyUpstreamFieldPathExistsInTheGeneratedSchema() {
        List<FieldPath> missing = new ArrayList<>();
        for (FieldPath field : upstreamFields()) {
            JsonNode node = CrdSchemaValidator.forKind(field.kind()).openApiSchema();
            for (String segment : field.path().split("\\.")) {
                if (node.path("type").asString("").equals("array")) {
                    node = node.path("items");
                }
                node = node.path("properties").path(segment);
            }
            if (node.isMissingNode()) {
                missing.add(field);
            }
        }
        assertThat(missing).as("upstream field paths missing from our CRDs").isEmpty();
    }

    @Test
    void theFullManifestsSetEveryUpstreamField() {
        List<FieldPath> unset = new ArrayList<>();
        for (FieldPath field : upstreamFields()) {
            boolean set = false;
            for (String file : Manifests.fullOf(field.kind())) {
                JsonNode node = Manifests.tree(Manifests.manifest(file));
                for (String segment : field.path().split("\\.")) {
                    if (node.isArray()) {
                        node = node.path(0);
                    }
                    node = node.path(segment);
                }
                set |= !node.isMissingNode();
            }
            if (!set) {
                unset.add(field);
            }
        }
        assertThat(unset).as("upstream field paths the full manifests do not set").isEmpty();
    }
}

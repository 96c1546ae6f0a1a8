package io.qsredis.sandbox;

import io.qsredis.model.schema.CrdSchemaValidator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an API server would refuse in a manifest file before the sandbox applies it: YAML that does not parse, and
 * custom resources that do not match their CRD's schema (the testbed's API server does no admission). Rules beyond
 * the schema are the operator's to report, as an InvalidSpec condition.
 */
public final class ManifestCheck {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> CUSTOM_KINDS = Set.of("Redis", "RedisReplication", "RedisSentinel", "RedisCluster");

    private ManifestCheck() {}

    /** Every problem, one line each, naming the document; empty when the file can be applied. */
    public static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (iterator.hasNextValue()) {
                JsonNode document = iterator.nextValue();
                if (document != null && document.isObject()) {
                    documents.add(document);
                }
            }
        } catch (JacksonException e) {
            return List.of("not valid YAML: " + e.getOriginalMessage());
        }
        for (int i = 0; i < documents.size(); i++) {
            JsonNode document = documents.get(i);
            String kind = document.path("kind").asString("");
            if (CUSTOM_KINDS.contains(kind)) {
                String where = "document " + (i + 1) + " (" + kind + " " + document.path("metadata").path("name").asString("?") + ")";
                CrdSchemaValidator.forKind(kind).validate(document).forEach(v -> problems.add(where + ": " + v));
            }
        }
        return problems;
    }
}

package io.qsredis.sandbox;

import io.qsredis.model.schema.CrdSchemaValidator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code kubectl apply} would refuse in a manifest file, found before the sandbox applies any of it: YAML that
 * does not parse, and custom resources that do not match their CRD's schema, unknown fields included (the testbed's
 * API server refuses the rest one object at a time, and only prunes unknown fields unless asked to be strict). Rules
 * beyond the schema are the operator's to report, as an InvalidSpec condition.
 */
public final class ManifestCheck {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

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
            if (CrdSchemaValidator.isKind(kind)) {
                String where = "document " + (i + 1) + " (" + kind + " " + document.path("metadata").path("name").asString("?") + ")";
                CrdSchemaValidator.forKind(kind).validate(document).forEach(v -> problems.add(where + ": " + v));
            }
        }
        return problems;
    }
}

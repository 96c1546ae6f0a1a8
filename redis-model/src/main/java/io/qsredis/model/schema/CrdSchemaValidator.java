package io.qsredis.model.schema;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.qsredis.model.RedisApi;
import io.qsredis.model.validation.Violation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a custom resource, as the user wrote it, against the generated CRD schema the way the API server
 * and {@code kubectl} (strict field validation) do: wrong types, missing required fields, values out of
 * range or outside an enum, and unknown fields (a typo such as {@code imagePullpolicy} would otherwise be
 * dropped in silence). CEL rules are not evaluated here; {@link io.qsredis.model.validation.SpecValidator}
 * checks the same rules in Java.
 */
public final class CrdSchemaValidator {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Map<String, String> PLURALS = Map.of(
            "Redis", "redis",
            "RedisReplication", "redisreplications",
            "RedisSentinel", "redissentinels",
            "RedisCluster", "redisclusters");
    /** Fields every object has that a CRD's schema leaves to the API server. */
    private static final java.util.Set<String> TYPE_AND_OBJECT_META = java.util.Set.of("apiVersion", "kind", "metadata");
    private static final Map<String, CrdSchemaValidator> BY_KIND = new ConcurrentHashMap<>();

    private final JsonNode openApiSchema;
    private final Schema schema;

    private CrdSchemaValidator(JsonNode openApiSchema) {
        this.openApiSchema = openApiSchema;
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(openApiSchema.toString(), InputFormat.JSON);
    }

    /** The validator for one of the four kinds, from the CRD generated into this jar. */
    public static CrdSchemaValidator forKind(String kind) {
        String plural = PLURALS.get(kind);
        if (plural == null) {
            throw new IllegalArgumentException("not a " + RedisApi.GROUP + " kind: " + kind);
        }
        return BY_KIND.computeIfAbsent(kind, k -> new CrdSchemaValidator(loadSchema(plural)));
    }

    /** The generated CRD of a kind, as YAML text. */
    public static String crdYaml(String kind) {
        try (InputStream in = crdStream(PLURALS.get(kind))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The openAPIV3Schema of the kind's CRD. */
    public JsonNode openApiSchema() {
        return openApiSchema;
    }

    /** Every schema problem of the resource, by field path (e.g. {@code spec.clusterSize}). */
    public List<Violation> validate(JsonNode resource) {
        List<Violation> violations = new ArrayList<>();
        for (com.networknt.schema.Error error : schema.validate(resource)) {
            String location = error.getInstanceLocation().toString();
            String path = fieldPath(location);
            if (error.getProperty() != null && "required".equals(error.getKeyword())) {
                path = path.isEmpty() ? error.getProperty() : path + "." + error.getProperty();
            }
            String message = error.getMessage();
            if (message.startsWith(location + ": ")) {
                message = message.substring(location.length() + 2);
            }
            violations.add(Violation.error(path, message));
        }
        unknownFields("", resource, openApiSchema, violations);
        violations.sort(Comparator.comparing(Violation::path));
        return violations;
    }

    /** Parses YAML text of one resource and validates it. */
    public static List<Violation> validateYaml(String yaml) {
        JsonNode resource = YAML.readTree(yaml);
        String kind = resource.path("kind").asString("");
        if (!PLURALS.containsKey(kind)) {
            return List.of(Violation.error("kind", "must be one of " + PLURALS.keySet() + ", got \"" + kind + "\""));
        }
        return forKind(kind).validate(resource);
    }

    /** A JSON pointer ({@code /spec/sidecars/0/image}) as a user writes the field ({@code spec.sidecars[0].image}). */
    static String fieldPath(String pointer) {
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.chars().allMatch(Character::isDigit)) {
                path.append('[').append(segment).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.toString();
    }

    private static void unknownFields(String path, JsonNode value, JsonNode schema, List<Violation> out) {
        if (schema == null || schema.isMissingNode() || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (properties.has(field.getKey())) {
                    unknownFields(fieldPath, field.getValue(), properties.get(field.getKey()), out);
                } else if (additional.isObject()) {
                    unknownFields(fieldPath, field.getValue(), additional, out);
                } else if (properties.isObject() && !(path.isEmpty() && TYPE_AND_OBJECT_META.contains(field.getKey()))) {
                    out.add(Violation.error(fieldPath, "unknown field"));
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                unknownFields(path + "[" + i + "]", value.get(i), schema.path("items"), out);
            }
        }
    }

    private static JsonNode loadSchema(String plural) {
        try (InputStream in = crdStream(plural)) {
            JsonNode crd = YAML.readTree(in);
            return crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream crdStream(String plural) {
        String resource = RedisApi.generatedCrdResource(plural);
        InputStream in = CrdSchemaValidator.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the generated CRD " + resource + " is not on the classpath");
        }
        return in;
    }
}

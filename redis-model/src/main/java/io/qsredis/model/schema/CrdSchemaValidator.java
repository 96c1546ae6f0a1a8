package io.qsredis.model.schema;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.qsredis.model.RedisApi;
import io.qsredis.model.validation.Violation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
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
 * The generated CRD schema of one kind, applied to a custom resource the way the API server applies it:
 * {@link #pruned unknown fields pruned} (or, with {@code kubectl}'s strict field validation, refused), {@link
 * #defaulted defaults filled in}, then {@link #validate validated}: wrong types, missing required fields, values
 * out of range, outside an enum or not matching a pattern, and the CRD's CEL rules ({@link CelRule}). Messages are
 * the API server's ({@code Invalid value: 0: spec.clusterSize in body should be greater than or equal to 1}).
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
        CelRule.compileAll(openApiSchema);
    }

    /** The validator for one of the four kinds, from the CRD generated into this jar. */
    public static CrdSchemaValidator forKind(String kind) {
        String plural = PLURALS.get(kind);
        if (plural == null) {
            throw new IllegalArgumentException("not a " + RedisApi.GROUP + " kind: " + kind);
        }
        return BY_KIND.computeIfAbsent(kind, k -> new CrdSchemaValidator(loadSchema(plural)));
    }

    /** Whether {@code kind} is one of the four kinds of {@link RedisApi#GROUP}. */
    public static boolean isKind(String kind) {
        return PLURALS.containsKey(kind);
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

    /**
     * A copy of the resource with the schema's {@code default}s filled in, as the API server does on every write:
     * a default applies where the field is absent (or {@code null}, which a non-nullable field drops first) and its
     * parent object exists; a default object is itself defaulted inside. The resource is not changed.
     */
    public JsonNode defaulted(JsonNode resource) {
        JsonNode copy = resource.deepCopy();
        applyDefaults(copy, openApiSchema);
        return copy;
    }

    /** A resource with the fields its schema does not declare removed, and which those were. */
    public record Pruned(JsonNode resource, List<String> unknownFields) {}

    /**
     * A copy of the resource without the fields the schema does not declare (unless it preserves unknown fields
     * there), as the API server stores it; {@link Pruned#unknownFields()} names them ({@code spec.imagePullpolicy})
     * for a warning, or for a refusal under strict field validation.
     */
    public Pruned pruned(JsonNode resource) {
        JsonNode copy = resource.deepCopy();
        List<String> unknown = new ArrayList<>();
        prune("", copy, openApiSchema, unknown);
        return new Pruned(copy, List.copyOf(unknown));
    }

    /**
     * Every problem of the resource once {@link #defaulted defaulted}, as the API server checks it, by field path
     * (e.g. {@code spec.clusterSize}), strict about unknown fields. The message is the API server's, after the path:
     * {@code Invalid value: 0: spec.clusterSize in body should be greater than or equal to 1}; CEL rules are checked
     * once the schema holds.
     */
    public List<Violation> validate(JsonNode resource) {
        JsonNode checked = defaulted(resource);
        List<Violation> violations = new ArrayList<>();
        for (com.networknt.schema.Error error : schema.validate(checked)) {
            violations.add(violation(error));
        }
        pruned(checked).unknownFields().forEach(path -> violations.add(Violation.error(path, "Unknown field")));
        if (violations.isEmpty()) {
            violations.addAll(CelRule.validate(checked, openApiSchema));
        }
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

    /** One schema error as the API server words it (k8s.io/apiextensions-apiserver's schema validation). */
    private static Violation violation(com.networknt.schema.Error error) {
        String path = fieldPath(error.getInstanceLocation().toString());
        JsonNode value = error.getInstanceNode();
        JsonNode bound = error.getSchemaNode();
        String shown = path.isEmpty() ? "body" : path + " in body";
        return switch (error.getKeyword()) {
            case "required" -> Violation.error(path.isEmpty() ? error.getProperty() : path + "." + error.getProperty(), "Required value");
            case "type" -> Violation.error(path, "Invalid value: \"" + typeOf(value) + "\": " + shown + " must be of type "
                    + bound.asString("") + ": \"" + typeOf(value) + "\"");
            case "minimum" -> Violation.error(path, "Invalid value: " + shownValue(value) + ": " + shown
                    + " should be greater than or equal to " + number(bound));
            case "maximum" -> Violation.error(path, "Invalid value: " + shownValue(value) + ": " + shown
                    + " should be less than or equal to " + number(bound));
            case "enum" -> {
                List<String> supported = new ArrayList<>();
                bound.forEach(allowed -> supported.add(shownValue(allowed)));
                yield Violation.error(path, "Unsupported value: " + shownValue(value) + ": supported values: "
                        + String.join(", ", supported));
            }
            case "pattern" -> Violation.error(path, "Invalid value: " + shownValue(value) + ": " + shown
                    + " should match '" + bound.asString("") + "'");
            default -> {
                String location = error.getInstanceLocation().toString();
                String message = error.getMessage();
                yield Violation.error(path, "Invalid value: " + shownValue(value) + ": "
                        + (message.startsWith(location + ": ") ? message.substring(location.length() + 2) : message));
            }
        };
    }

    /** A value as the API server prints it in {@code Invalid value: ...}: strings quoted, objects by type. */
    static String shownValue(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "null";
        }
        if (value.isString()) {
            return "\"" + value.asString() + "\"";
        }
        if (value.isContainer()) {
            return "\"" + typeOf(value) + "\"";
        }
        return value.toString();
    }

    static String typeOf(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isIntegralNumber() ? "integer" : "number";
    }

    private static String number(JsonNode bound) {
        double value = bound.asDouble();
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static void applyDefaults(JsonNode value, JsonNode schema) {
        if (schema == null || schema.isMissingNode()) {
            return;
        }
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            JsonNode properties = schema.path("properties");
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                JsonNode field = object.get(property.getKey());
                if (field != null && field.isNull() && !property.getValue().path("nullable").asBoolean(false)) {
                    object.remove(property.getKey());
                    field = null;
                }
                if (field == null && property.getValue().has("default")) {
                    object.set(property.getKey(), property.getValue().get("default").deepCopy());
                }
            }
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode fieldSchema = properties.has(field.getKey()) ? properties.get(field.getKey()) : additional.isObject() ? additional : null;
                applyDefaults(field.getValue(), fieldSchema);
            }
        } else if (value.isArray()) {
            value.forEach(item -> applyDefaults(item, schema.path("items")));
        }
    }

    private static void prune(String path, JsonNode value, JsonNode schema, List<String> unknown) {
        if (schema == null || schema.isMissingNode() || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            List<String> names = new ArrayList<>(value.propertyNames());
            for (String name : names) {
                String fieldPath = path.isEmpty() ? name : path + "." + name;
                if (properties.has(name)) {
                    prune(fieldPath, value.get(name), properties.get(name), unknown);
                } else if (additional.isObject()) {
                    prune(fieldPath, value.get(name), additional, unknown);
                } else if (properties.isObject() && !(path.isEmpty() && TYPE_AND_OBJECT_META.contains(name))) {
                    unknown.add(fieldPath);
                    ((ObjectNode) value).remove(name);
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                prune(path + "[" + i + "]", value.get(i), schema.path("items"), unknown);
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

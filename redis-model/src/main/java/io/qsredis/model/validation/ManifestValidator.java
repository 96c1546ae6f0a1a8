package io.qsredis.model.validation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.schema.CrdSchemaValidator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a manifest as written by a user in two layers: first as the API server would (the generated CRD
 * schema's defaults, then the schema, strict about unknown fields), then, when it parses, with {@link SpecValidator}. Used where no
 * API server stands between the user and the operator (the sandbox, {@code render}) and by tests.
 */
public final class ManifestValidator {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Redis", Redis.class,
            "RedisReplication", RedisReplication.class,
            "RedisSentinel", RedisSentinel.class,
            "RedisCluster", RedisCluster.class);

    private ManifestValidator() {}

    /** Validates one YAML document holding one custom resource of the four kinds. */
    public static ValidationResult validateYaml(String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JacksonException e) {
            return new ValidationResult(List.of(Violation.error("", "not valid YAML: " + e.getOriginalMessage())));
        }
        String kind = tree.path("kind").asString("");
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            return new ValidationResult(List.of(Violation.error("kind", "must be one of " + KINDS.keySet() + ", got \"" + kind + "\"")));
        }
        CrdSchemaValidator schema = CrdSchemaValidator.forKind(kind);
        List<Violation> violations = new ArrayList<>(schema.validate(tree));
        if (!violations.isEmpty()) {
            return new ValidationResult(violations);
        }
        HasMetadata resource = SERIALIZATION.convertValue(schema.defaulted(tree), type);
        return SpecValidator.validate(resource);
    }
}

package io.qsredis.operator.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.schema.CrdSchemaValidator;
import io.qsredis.model.validation.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects of a manifest file (YAML documents separated by {@code ---}), checked as an API server would check them:
 * a custom resource must match its CRD's schema, anything else must be a kind the sandbox applies. A document that
 * fails is reported and left out, as {@code kubectl apply} would be refused for it; spec rules beyond the schema are
 * the operator's to report (as an InvalidSpec condition).
 */
public record Manifests(List<HasMetadata> objects, List<String> problems) {
    public static final String DEFAULT_NAMESPACE = "default";

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Map<String, Class<? extends HasMetadata>> CUSTOM_KINDS = Map.of(
            "Redis", Redis.class,
            "RedisReplication", RedisReplication.class,
            "RedisSentinel", RedisSentinel.class,
            "RedisCluster", RedisCluster.class);
    private static final Set<String> BUILT_IN_KINDS = Set.of("Secret", "ConfigMap");

    public Manifests {
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }

    public static Manifests parse(String text, KubernetesSerialization serialization) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (iterator.hasNextValue()) {
                JsonNode document = iterator.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (JacksonException e) {
            return new Manifests(List.of(), List.of("not valid YAML: " + e.getOriginalMessage()));
        }
        for (int i = 0; i < documents.size(); i++) {
            JsonNode document = documents.get(i);
            String kind = document.path("kind").asString("");
            String where = "document " + (i + 1) + " (" + (kind.isEmpty() ? "no kind" : kind) + " "
                    + document.path("metadata").path("name").asString("?") + ")";
            if (CUSTOM_KINDS.containsKey(kind)) {
                List<Violation> violations = CrdSchemaValidator.forKind(kind).validate(document);
                if (!violations.isEmpty()) {
                    violations.forEach(v -> problems.add(where + ": " + v));
                    continue;
                }
                objects.add(withNamespace(serialization.convertValue(document, CUSTOM_KINDS.get(kind))));
            } else if (BUILT_IN_KINDS.contains(kind)) {
                objects.add(withNamespace(serialization.convertValue(document, HasMetadata.class)));
            } else {
                problems.add(where + ": the sandbox applies " + CUSTOM_KINDS.keySet() + " and " + BUILT_IN_KINDS + ", not \"" + kind + "\"");
            }
        }
        for (HasMetadata object : objects) {
            if (object.getMetadata() == null || object.getMetadata().getName() == null || object.getMetadata().getName().isBlank()) {
                problems.add(object.getKind() + " without metadata.name");
            }
        }
        return new Manifests(objects.stream().filter(o -> o.getMetadata() != null && o.getMetadata().getName() != null).toList(), problems);
    }

    private static HasMetadata withNamespace(HasMetadata object) {
        if (object.getMetadata() != null && object.getMetadata().getNamespace() == null) {
            object.getMetadata().setNamespace(DEFAULT_NAMESPACE);
        }
        return object;
    }

    /** The custom resources of the file, whose state the sandbox follows. */
    public List<HasMetadata> customResources() {
        return objects.stream().filter(o -> CUSTOM_KINDS.containsKey(o.getKind())).toList();
    }
}

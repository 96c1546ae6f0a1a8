package io.qsredis.renderer.yaml;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisApi;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Multi-document YAML in and out: the custom resources of a file, and rendered objects as {@code kubectl} reads them. */
public final class Manifests {
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Redis", Redis.class,
            "RedisReplication", RedisReplication.class,
            "RedisSentinel", RedisSentinel.class,
            "RedisCluster", RedisCluster.class);

    private Manifests() {}

    /** What a YAML file holds: the custom resources of this API, and a description of every other document. */
    public record Parsed(List<HasMetadata> resources, List<String> skipped) {
        public Parsed {
            resources = List.copyOf(resources);
            skipped = List.copyOf(skipped);
        }
    }

    /** @throws IllegalArgumentException when the text is not YAML */
    public static Parsed read(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = Serialization.yamlMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
                    continue;
                }
                String apiVersion = document.path("apiVersion").asString("");
                String kind = document.path("kind").asString("");
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type != null && apiVersion.equals(RedisApi.API_VERSION)) {
                    resources.add(Serialization.jsonMapper().treeToValue(document, type));
                } else {
                    skipped.add(kind + " " + document.path("metadata").path("name").asString("") + " (" + apiVersion + ")");
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read the YAML: " + e.getMessage(), e);
        }
        return new Parsed(resources, skipped);
    }

    /** One YAML document per object, each starting with {@code ---}. The same objects always give the same text. */
    public static String write(List<? extends HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata object : objects) {
            String document = Serialization.asYaml(object);
            out.append(document);
            if (!document.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}

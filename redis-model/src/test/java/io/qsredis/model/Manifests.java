package io.qsredis.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test manifests: the full manifest of each kind, read as text, as a JSON tree and as the model class. */
final class Manifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final YAMLMapper YAML = YAMLMapper.builder().build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Redis", Redis.class,
            "RedisReplication", RedisReplication.class,
            "RedisSentinel", RedisSentinel.class,
            "RedisCluster", RedisCluster.class);

    private Manifests() {}

    static String text(String resource) {
        try (InputStream in = Manifests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The full manifests: one per kind setting every field, and one with the alternatives of exclusive fields. */
    static final List<String> FULL = List.of(
            "full-redis.yaml", "full-redis-alternatives.yaml",
            "full-redisreplication.yaml", "full-redisreplication-alternatives.yaml",
            "full-redissentinel.yaml", "full-redissentinel-alternatives.yaml",
            "full-rediscluster.yaml", "full-rediscluster-alternatives.yaml");

    static String manifest(String file) {
        return text("/manifests/" + file);
    }

    static List<String> fullOf(String kind) {
        String prefix = "full-" + kind.toLowerCase();
        return FULL.stream().filter(f -> f.equals(prefix + ".yaml") || f.equals(prefix + "-alternatives.yaml")).toList();
    }

    /** Paths of fields of {@code original} that {@code written} lacks or holds with another value. */
    static List<String> lostFields(JsonNode original, JsonNode written) {
        List<String> lost = new ArrayList<>();
        collectLost("", original, written, lost);
        return lost;
    }

    private static void collectLost(String path, JsonNode original, JsonNode written, List<String> lost) {
        if (original.isObject()) {
            for (Map.Entry<String, JsonNode> field : original.properties()) {
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (!written.has(field.getKey())) {
                    lost.add(fieldPath);
                } else {
                    collectLost(fieldPath, field.getValue(), written.get(field.getKey()), lost);
                }
            }
        } else if (original.isArray()) {
            if (!written.isArray() || written.size() != original.size()) {
                lost.add(path);
                return;
            }
            for (int i = 0; i < original.size(); i++) {
                collectLost(path + "[" + i + "]", original.get(i), written.get(i), lost);
            }
        } else if (!original.equals(written)) {
            lost.add(path + " (" + original + " became " + written + ")");
        }
    }

    static JsonNode tree(String yaml) {
        return YAML.readTree(yaml);
    }

    static HasMetadata parse(String yaml) {
        String kind = tree(yaml).path("kind").asString();
        return SERIALIZATION.unmarshal(yaml, KINDS.get(kind));
    }

    /** The resource as the operator would write it back, as a JSON tree. */
    static JsonNode written(HasMetadata resource) {
        return JSON.readTree(SERIALIZATION.asJson(resource));
    }
}

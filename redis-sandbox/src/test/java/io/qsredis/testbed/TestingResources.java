package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.renderer.CustomResourceRenderer;
import io.qsredis.renderer.RenderOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Puts custom resources and what the renderer renders for them into a testbed, as the operator would on its
 * first pass (without the Redis side: no replication set up, no Sentinel monitoring).
 */
final class TestingResources {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Secret", Secret.class,
            "Redis", Redis.class,
            "RedisReplication", RedisReplication.class,
            "RedisSentinel", RedisSentinel.class,
            "RedisCluster", RedisCluster.class);

    private TestingResources() {}

    /** Creates each object of the fixture {@code name} in {@code namespace}, custom resources with their rendering. */
    static void create(KubernetesClient client, String namespace, String name) {
        try (MappingIterator<JsonNode> documents = Serialization.yamlMapper().readerFor(JsonNode.class).readValues(fixture(name))) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                HasMetadata object = Serialization.jsonMapper().convertValue(document, KINDS.get(document.get("kind").asString()));
                object.getMetadata().setNamespace(namespace);
                HasMetadata created = client.resource(object).create();
                if (!(created instanceof Secret)) {
                    CustomResourceRenderer.render(created, RenderOptions.defaults()).present()
                            .forEach(rendered -> client.resource(rendered).create());
                }
            }
        }
    }

    static String fixture(String name) {
        try (InputStream in = TestingResources.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl apply --prune} for the sandbox, without server-side apply: each document of a manifest is
 * created, or changed by the JSON merge patch from what this applier last applied to what the manifest says
 * now (so fields that the operator set, such as finalizers, labels or status, stay), and objects that an
 * earlier apply of the same source created and the manifest no longer lists are deleted.
 */
final class ManifestApplier {

    private final KubernetesClient client;
    /** Per source, the documents last applied, by object key. */
    private final Map<String, Map<String, JsonNode>> lastApplied = new HashMap<>();

    ManifestApplier(KubernetesClient client) {
        this.client = client;
    }

    /** Applies {@code yaml}; objects without a namespace go to {@code namespace}. */
    synchronized List<ManifestChange> apply(String source, String yaml, String namespace) {
        Map<String, JsonNode> documents = parse(yaml, namespace);
        Map<String, JsonNode> previous = lastApplied.getOrDefault(source, Map.of());
        List<ManifestChange> changes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> document : documents.entrySet()) {
            changes.add(applyOne(document.getValue(), previous.get(document.getKey())));
        }
        for (Map.Entry<String, JsonNode> gone : previous.entrySet()) {
            if (!documents.containsKey(gone.getKey())) {
                GenericKubernetesResource object = toResource(gone.getValue());
                client.resource(object).delete();
                changes.add(change(object, ManifestChange.Action.PRUNED));
            }
        }
        lastApplied.put(source, documents);
        return changes;
    }

    private ManifestChange applyOne(JsonNode document, JsonNode previous) {
        GenericKubernetesResource object = toResource(document);
        if (previous == null) {
            try {
                client.resource(object).create();
                return change(object, ManifestChange.Action.CREATED);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        JsonNode patch = previous == null ? document : JsonMergePatch.diff(previous, document);
        if (patch.isEmpty()) {
            return change(object, ManifestChange.Action.UNCHANGED);
        }
        client.resource(object).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
        return change(object, ManifestChange.Action.CONFIGURED);
    }

    /** The manifest's objects by key, {@code List} kinds expanded, with namespaces defaulted. */
    private static Map<String, JsonNode> parse(String yaml, String namespace) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        try (MappingIterator<JsonNode> iterator = Serialization.yamlMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document == null || !document.isObject() || document.isEmpty()) {
                    continue;
                }
                List<JsonNode> objects = document.path("kind").asString("").endsWith("List") && document.has("items")
                        ? document.get("items").values().stream().toList()
                        : List.of(document);
                for (JsonNode object : objects) {
                    ObjectNode copy = (ObjectNode) object.deepCopy();
                    ObjectNode metadata = copy.has("metadata") ? (ObjectNode) copy.get("metadata") : copy.putObject("metadata");
                    if (!metadata.has("namespace")) {
                        metadata.put("namespace", namespace);
                    }
                    if (!copy.has("apiVersion") || !copy.has("kind") || !metadata.has("name")) {
                        throw new IllegalArgumentException("manifest document without apiVersion, kind or metadata.name: " + object);
                    }
                    documents.put(copy.get("apiVersion").asString() + "/" + copy.get("kind").asString() + "/"
                            + metadata.get("namespace").asString() + "/" + metadata.get("name").asString(), copy);
                }
            }
        }
        return documents;
    }

    private static GenericKubernetesResource toResource(JsonNode document) {
        return Serialization.jsonMapper().convertValue(document, GenericKubernetesResource.class);
    }

    private static ManifestChange change(GenericKubernetesResource object, ManifestChange.Action action) {
        return new ManifestChange(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(), action);
    }
}

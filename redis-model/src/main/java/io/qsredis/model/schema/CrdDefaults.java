package io.qsredis.model.schema;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;

/**
 * The API defaults of a custom resource, from its CRD schema's {@code default}s (generated from the model's
 * {@code @Default} annotations): the one home of every default a user may leave out. The API server applies them on
 * every write; code that reads a resource that never went through one (the offline {@code render} command, tests)
 * applies them with {@link #applied}.
 */
public final class CrdDefaults {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private CrdDefaults() {}

    /** A copy of the resource (one of the four kinds) with its CRD schema's defaults, as an API server stores it. */
    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> T applied(T resource) {
        JsonNode tree = SERIALIZATION.convertValue(resource, JsonNode.class);
        JsonNode defaulted = CrdSchemaValidator.forKind(resource.getKind()).defaulted(tree);
        return (T) SERIALIZATION.convertValue(defaulted, resource.getClass());
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The discovery documents of the testbed's API server, all from {@link ServedResources}: {@code /version},
 * {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>} and {@code /apis/<group>/<version>}. Only
 * the unaggregated forms: a client that asks for aggregated discovery ({@code apidiscovery.k8s.io/v2}) and lists
 * {@code application/json} after it, as kubectl and Helm do, falls back to them.
 */
final class Discovery {

    /** The Kubernetes version the API server claims: the API it imitates, as far as it serves it. */
    static final String KUBERNETES_MINOR = "32";

    private Discovery() {}

    /**
     * The JSON of the document at {@code path}; null if the path names no discovery document. The OpenAPI v2
     * document is empty (in protobuf, the encoding kubectl asks for, an empty message): the server publishes no
     * schemas, so kubectl's client-side validation finds no schema to check a kind against and passes it, and
     * {@code kubectl apply} computes its patches from its own types (strategic merge for built-in kinds, JSON merge
     * patch for custom resources), as it does against a server without OpenAPI.
     */
    static String document(ApiPath path, ServedResources served) {
        return switch (path.shape()) {
            case VERSION -> version();
            case CORE_VERSIONS -> Serialization.asJson(new APIVersionsBuilder()
                    .withVersions("v1")
                    .withServerAddressByClientCIDRs(new ServerAddressByClientCIDRBuilder()
                            .withClientCIDR("0.0.0.0/0")
                            .withServerAddress("127.0.0.1")
                            .build())
                    .build());
            case GROUP_LIST -> Serialization.asJson(new APIGroupListBuilder()
                    .withGroups(served.groups().entrySet().stream().map(e -> group(e.getKey(), e.getValue())).toList())
                    .build());
            case GROUP -> Serialization.asJson(group(path.group(), served.groups().get(path.group())));
            case RESOURCE_LIST -> Serialization.asJson(new APIResourceListBuilder()
                    .withGroupVersion(path.group().isEmpty() ? path.version() : path.group() + "/" + path.version())
                    .withResources(resources(served.inGroupVersion(path.group(), path.version())))
                    .build());
            case OPENAPI_V2 -> "";
            case COLLECTION, OBJECT, SUBRESOURCE -> null;
        };
    }

    private static String version() {
        Map<String, String> version = new LinkedHashMap<>();
        version.put("major", "1");
        version.put("minor", KUBERNETES_MINOR);
        version.put("gitVersion", "v1." + KUBERNETES_MINOR + ".0+qsredis-testbed");
        version.put("gitCommit", "");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "");
        version.put("goVersion", "");
        version.put("compiler", "");
        version.put("platform", "linux/amd64");
        return Serialization.asJson(version);
    }

    private static APIGroup group(String name, Set<String> versions) {
        List<GroupVersionForDiscovery> served = versions.stream()
                .map(v -> new GroupVersionForDiscoveryBuilder().withGroupVersion(name + "/" + v).withVersion(v).build())
                .toList();
        return new APIGroupBuilder()
                .withName(name)
                .withVersions(served)
                .withPreferredVersion(served.get(0))
                .build();
    }

    private static List<APIResource> resources(List<ServedResource> served) {
        List<APIResource> resources = new ArrayList<>();
        for (ServedResource resource : served) {
            resources.add(new APIResourceBuilder()
                    .withName(resource.plural())
                    .withSingularName(resource.kind().toLowerCase(Locale.ROOT))
                    .withNamespaced(resource.namespaced())
                    .withKind(resource.kind())
                    .withVerbs(ServedResource.VERBS)
                    .withShortNames(resource.shortNames().isEmpty() ? null : resource.shortNames())
                    .withCategories(resource.categories().isEmpty() ? null : resource.categories())
                    .build());
            for (String subresource : resource.subresources()) {
                resources.add(new APIResourceBuilder()
                        .withName(resource.plural() + "/" + subresource)
                        .withSingularName("")
                        .withNamespaced(resource.namespaced())
                        .withKind(resource.kind())
                        .withVerbs(subresource.equals("log") ? List.of("get") : List.of("get", "patch", "update"))
                        .build());
            }
        }
        return resources;
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryMockTest {

    /** What kubectl 1.32 asks for first: aggregated discovery, then the plain form. */
    static final String KUBECTL_DISCOVERY_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private final TestbedApiServer server = TestbedApiServer.start((json, orphan) -> { });
    private final KubernetesClient client = server.newClient();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private APIResource resource(APIResourceList list, String name) {
        return list.getResources().stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyServedGroupIsDiscovered() {
        assertThat(client.getApiGroups().getGroups()).extracting(APIGroup::getName).contains(
                "apps", "policy", "coordination.k8s.io", "events.k8s.io", "apiextensions.k8s.io",
                "rbac.authorization.k8s.io", "networking.k8s.io", "redis.redis.opstreelabs.in");
    }

    @Test
    void theCoreGroupListsPodsWithShortNameScopeAndSubresources() {
        APIResourceList core = client.getApiResources("v1");

        APIResource pods = resource(core, "pods");
        assertThat(pods.getKind()).isEqualTo("Pod");
        assertThat(pods.getNamespaced()).isTrue();
        assertThat(pods.getShortNames()).containsExactly("po");
        assertThat(pods.getVerbs()).contains("get", "list", "watch", "create", "patch", "delete");
        assertThat(resource(core, "pods/log").getVerbs()).containsExactly("get");
        assertThat(resource(core, "pods/status").getKind()).isEqualTo("Pod");
        assertThat(resource(core, "namespaces").getNamespaced()).isFalse();
        assertThat(resource(core, "nodes").getNamespaced()).isFalse();
        assertThat(core.getResources()).extracting(APIResource::getName).contains(
                "services", "endpoints", "configmaps", "secrets", "serviceaccounts", "persistentvolumeclaims", "events");
    }

    @Test
    void appsListsStatefulSetsAsSts() {
        assertThat(resource(client.getApiResources("apps/v1"), "statefulsets").getShortNames()).containsExactly("sts");
    }

    @Test
    void customResourcesAreDiscoveredFromTheirDefinitions() {
        APIResourceList redis = client.getApiResources("redis.redis.opstreelabs.in/v1beta2");

        APIResource replications = resource(redis, "redisreplications");
        assertThat(replications.getKind()).isEqualTo("RedisReplication");
        assertThat(replications.getNamespaced()).isTrue();
        assertThat(redis.getResources()).extracting(APIResource::getName)
                .contains("redis", "redissentinels", "redisclusters", "redisreplications/status");
    }

    @Test
    void aRequestForAggregatedDiscoveryGetsThePlainGroupList() throws Exception {
        HttpResponse<String> response = get("/apis", KUBECTL_DISCOVERY_ACCEPT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Serialization.jsonMapper().readTree(response.body()).path("kind").asString()).isEqualTo("APIGroupList");
    }

    @Test
    void theVersionIsTheKubernetesMinorServed() throws Exception {
        JsonNode version = Serialization.jsonMapper().readTree(get("/version", "application/json").body());

        assertThat(version.path("major").asString()).isEqualTo("1");
        assertThat(version.path("minor").asString()).isEqualTo(Discovery.KUBERNETES_MINOR);
        assertThat(version.path("gitVersion").asString()).startsWith("v1." + Discovery.KUBERNETES_MINOR + ".");
    }

    @Test
    void theCoreVersionsNameV1() throws Exception {
        JsonNode versions = Serialization.jsonMapper().readTree(get("/api", "application/json").body());

        assertThat(versions.path("kind").asString()).isEqualTo("APIVersions");
        assertThat(versions.path("versions").get(0).asString()).isEqualTo("v1");
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return RawHttp.send(server, "GET", path, accept, null, null);
    }
}

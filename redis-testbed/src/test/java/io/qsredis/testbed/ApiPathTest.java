package io.qsredis.testbed;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiPathTest {

    private final ServedResources served = ServedResources.of(List.of());

    private ApiPath route(String target) {
        ApiPath.Parsed parsed = ApiPath.parse(target, served);
        assertThat(parsed).isInstanceOf(ApiPath.Route.class);
        return ((ApiPath.Route) parsed).path();
    }

    private ApiPath.Refusal refusal(String target) {
        ApiPath.Parsed parsed = ApiPath.parse(target, served);
        assertThat(parsed).isInstanceOf(ApiPath.Refusal.class);
        return (ApiPath.Refusal) parsed;
    }

    @Test
    void aPathWithADoubleSlashIsRefused() {
        assertThat(refusal("//api/v1/namespaces/default/pods/my-redis-0").code()).isEqualTo(404);
        assertThat(refusal("/api/v1//pods").message()).contains("empty");
    }

    @Test
    void aPathWithADotSegmentIsRefused() {
        refusal("/api/v1/namespaces/default/pods/../secrets");
        refusal("/api/./v1/pods");
    }

    @Test
    void aPathWithATrailingSlashIsRefused() {
        refusal("/api/v1/pods/");
    }

    @Test
    void aResourceTheServerDoesNotServeIsRefusedNamingIt() {
        assertThat(refusal("/api/v1/namespaces/default/replicationcontrollers").message())
                .contains("replicationcontrollers");
        assertThat(refusal("/apis/batch/v1/jobs").message()).contains("batch");
    }

    @Test
    void aSubresourceTheResourceDoesNotHaveIsRefused() {
        refusal("/api/v1/namespaces/default/configmaps/c/log");
    }

    @Test
    void aNamespaceOnAClusterScopedResourceIsRefused() {
        refusal("/api/v1/namespaces/default/nodes/n");
    }

    @Test
    void aNamespacedObjectWithoutItsNamespaceIsRefused() {
        refusal("/api/v1/pods/my-redis-0");
    }

    @Test
    void aPodLogPathIsASubresourceWithItsQuery() {
        ApiPath path = route("/api/v1/namespaces/default/pods/my-redis-0/log?container=redis&tailLines=10");

        assertThat(path.shape()).isEqualTo(ApiPath.Shape.SUBRESOURCE);
        assertThat(path.namespace()).isEqualTo("default");
        assertThat(path.name()).isEqualTo("my-redis-0");
        assertThat(path.subresource()).isEqualTo("log");
        assertThat(path.query()).containsEntry("container", "redis").containsEntry("tailLines", "10");
    }

    @Test
    void aNamespaceIsAClusterScopedObjectAndItsPodsACollection() {
        assertThat(route("/api/v1/namespaces/default").shape()).isEqualTo(ApiPath.Shape.OBJECT);
        ApiPath pods = route("/api/v1/namespaces/default/pods?fieldSelector=status.phase%3DRunning");
        assertThat(pods.shape()).isEqualTo(ApiPath.Shape.COLLECTION);
        assertThat(pods.query()).containsEntry("fieldSelector", "status.phase=Running");
    }

    @Test
    void aCollectionAcrossNamespacesIsServed() {
        ApiPath statefulSets = route("/apis/apps/v1/statefulsets?watch=true");

        assertThat(statefulSets.shape()).isEqualTo(ApiPath.Shape.COLLECTION);
        assertThat(statefulSets.namespace()).isNull();
        assertThat(statefulSets.isWatch()).isTrue();
    }

    @Test
    void discoveryPathsAreRecognised() {
        assertThat(route("/version").shape()).isEqualTo(ApiPath.Shape.VERSION);
        assertThat(route("/api").shape()).isEqualTo(ApiPath.Shape.CORE_VERSIONS);
        assertThat(route("/api/v1").shape()).isEqualTo(ApiPath.Shape.RESOURCE_LIST);
        assertThat(route("/apis").shape()).isEqualTo(ApiPath.Shape.GROUP_LIST);
        assertThat(route("/apis/apps").shape()).isEqualTo(ApiPath.Shape.GROUP);
        assertThat(route("/apis/apps/v1").shape()).isEqualTo(ApiPath.Shape.RESOURCE_LIST);
    }
}

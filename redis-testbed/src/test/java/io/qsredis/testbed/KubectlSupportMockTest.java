package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisReplicationStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What kubectl and Helm need of the API server beyond CRUD: Tables, field selectors, pod logs, patches, apply, watches. */
class KubectlSupportMockTest {

    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    @TempDir
    static Path podsRoot;

    private final TestbedApiServer server = TestbedApiServer.start((json, orphan) -> { }, podsRoot);
    private final KubernetesClient client = server.newClient();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static JsonNode json(String text) {
        return Serialization.jsonMapper().readTree(text);
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return RawHttp.send(server, "GET", path, accept, null, null);
    }

    private Pod createPod(String name) {
        return client.resource(new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("redis").withImage("redis:7.0.15").endContainer().endSpec()
                .build()).create();
    }

    private RedisReplication createReplication(String name, String master) {
        RedisReplication replication = new RedisReplication();
        replication.getMetadata().setName(name);
        RedisReplication created = client.resource(replication).create();
        RedisReplicationStatus status = new RedisReplicationStatus();
        status.masterNode = master;
        created.setStatus(status);
        return client.resource(created).updateStatus();
    }

    private static List<String> columns(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.path("columnDefinitions").forEach(column -> names.add(column.path("name").asString()));
        return names;
    }

    @Test
    void aTableOfCustomResourcesHasTheirCrdsPrinterColumns() throws Exception {
        createReplication("my-redis", "my-redis-0");

        JsonNode table = json(get("/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/default/redisreplications", TABLE).body());

        assertThat(table.path("kind").asString()).isEqualTo("Table");
        assertThat(columns(table)).containsExactly("Name", "Age", "Master");
        assertThat(table.path("rows").get(0).path("cells").get(0).asString()).isEqualTo("my-redis");
        assertThat(table.path("rows").get(0).path("cells").get(2).asString()).isEqualTo("my-redis-0");
    }

    @Test
    void aTableOfOneObjectHasOneRow() throws Exception {
        createPod("p");

        JsonNode table = json(get("/api/v1/namespaces/default/pods/p", TABLE).body());

        assertThat(columns(table)).startsWith("Name", "Ready", "Status", "Restarts", "Age");
        assertThat(table.path("rows").size()).isEqualTo(1);
    }

    @Test
    void aListIsTypedAsItsKindsList() throws Exception {
        createPod("p");

        JsonNode list = json(get("/api/v1/namespaces/default/pods", "application/json").body());

        assertThat(list.path("kind").asString()).isEqualTo("PodList");
        assertThat(list.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(list.path("items").size()).isEqualTo(1);
    }

    @Test
    void eventsAreFilteredByTheirInvolvedObjectAsDescribeAsks() {
        for (String name : List.of("my-redis", "other")) {
            client.resource(new EventBuilder()
                    .withNewMetadata().withName(name + ".1").endMetadata()
                    .withNewInvolvedObject().withKind("RedisReplication").withName(name).withNamespace("default").withUid(name + "-uid").endInvolvedObject()
                    .withReason("Created")
                    .build()).create();
        }

        List<String> names = client.v1().events().inNamespace("default")
                .withField("involvedObject.name", "my-redis")
                .withField("involvedObject.uid", "my-redis-uid")
                .list().getItems().stream().map(e -> e.getMetadata().getName()).toList();

        assertThat(names).containsExactly("my-redis.1");
    }

    @Test
    void aPodsLogIsItsContainersOutput() throws Exception {
        Pod pod = createPod("my-redis-0");
        Path log = ContainerLogs.file(ContainerLogs.podDirectory(podsRoot, "default", "my-redis-0", pod.getMetadata().getUid()), "redis");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "starting\n* Ready to accept connections tcp\n");

        assertThat(client.pods().withName("my-redis-0").getLog()).isEqualTo("starting\n* Ready to accept connections tcp\n");
        HttpResponse<String> tail = get("/api/v1/namespaces/default/pods/my-redis-0/log?container=redis&tailLines=1", null);
        assertThat(tail.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(tail.body()).isEqualTo("* Ready to accept connections tcp\n");
    }

    @Test
    void aLogOfAnUnknownContainerIsRefusedNamingIt() throws Exception {
        createPod("p");

        HttpResponse<String> response = get("/api/v1/namespaces/default/pods/p/log?container=nope", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("container nope is not valid for pod p");
    }

    @Test
    void strategicMergePatchMergesContainersByName() {
        client.resource(new PodBuilder()
                .withNewMetadata().withName("p").endMetadata()
                .withNewSpec()
                    .addNewContainer().withName("redis").withImage("redis:7.0.15").endContainer()
                    .addNewContainer().withName("exporter").withImage("exporter:1").endContainer()
                .endSpec()
                .build()).create();

        client.pods().withName("p").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"containers\":[{\"name\":\"redis\",\"image\":\"redis:7.0.16\"}]}}");

        Pod pod = client.pods().withName("p").get();
        assertThat(pod.getSpec().getContainers()).extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactly("redis=redis:7.0.16", "exporter=exporter:1");
    }

    @Test
    void strategicMergePatchOfACustomResourceIsRefusedAsUnsupportedMediaType() {
        createReplication("my-redis", "my-redis-0");

        assertThatThrownBy(() -> client.resources(RedisReplication.class).withName("my-redis")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"clusterSize\":3}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(415));
    }

    @Test
    void serverSideApplyCreatesAnAbsentObjectThenMergesTheAppliedConfiguration() {
        ConfigMap applied = new ConfigMapBuilder()
                .withNewMetadata().withName("c").endMetadata()
                .addToData("a", "1")
                .build();
        client.resource(applied).fieldManager("helm").forceConflicts().serverSideApply();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().addToData("b", "2").build())
                .fieldManager("helm").forceConflicts().serverSideApply();

        assertThat(client.configMaps().withName("c").get().getData()).containsEntry("a", "1").containsEntry("b", "2");
    }

    private static StatefulSet statefulSet() {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("app").endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withServiceName("app-headless")
                    .withNewSelector().addToMatchLabels("app", "app").endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", "app").endMetadata()
                        .withNewSpec().addNewContainer().withName("redis").withImage("redis:7.0.15").endContainer().endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    @Test
    void serverSideApplyOfAnImmutableStatefulSetFieldIsRefused() {
        StatefulSet statefulSet = statefulSet();
        client.resource(statefulSet).fieldManager("helm").forceConflicts().serverSideApply();

        StatefulSet renamed = new StatefulSetBuilder(statefulSet).editSpec().withServiceName("other").endSpec().build();
        assertThatThrownBy(() -> client.resource(renamed).fieldManager("helm").forceConflicts().serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    }

    @Test
    void aJsonPatchOfAnImmutableStatefulSetFieldIsRefused() {
        client.resource(statefulSet()).create();

        assertThatThrownBy(() -> client.apps().statefulSets().withName("app").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/serviceName\",\"value\":\"other\"}]"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        client.apps().statefulSets().withName("app").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]");
        assertThat(client.apps().statefulSets().withName("app").get().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aWatchOverPlainHttpFromAListsVersionGetsEveryLaterChangeOfTheObjectsItSelectsADeletionIncluded() throws Exception {
        createPod("kept");
        createPod("gone");
        String listed = json(get("/api/v1/namespaces/default/pods", "application/json").body()).path("metadata").path("resourceVersion").asString();
        client.pods().withName("kept").edit(p -> new PodBuilder(p).editMetadata().addToLabels("edited", "yes").endMetadata().build());
        client.pods().withName("gone").delete();

        HttpResponse<String> response = get("/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dgone&resourceVersion=" + listed,
                "application/json");

        List<JsonNode> events = response.body().lines().map(KubectlSupportMockTest::json).toList();
        assertThat(events).extracting(e -> e.path("type").asString()).containsExactly("DELETED");
        assertThat(events.get(0).path("object").path("metadata").path("name").asString()).isEqualTo("gone");
        assertThat(Long.parseLong(events.get(0).path("object").path("metadata").path("resourceVersion").asString()))
                .as("a deletion has a version of its own").isGreaterThan(Long.parseLong(listed));
    }

    @Test
    void aWatchOverPlainHttpWithNothingNewEndsWithABookmarkSoThatTheClientWatchesOnFromThere() throws Exception {
        createPod("quiet");
        String listed = json(get("/api/v1/namespaces/default/pods", "application/json").body()).path("metadata").path("resourceVersion").asString();

        HttpResponse<String> response = get("/api/v1/namespaces/default/pods?watch=true&allowWatchBookmarks=true&resourceVersion=" + listed,
                "application/json");

        JsonNode event = json(response.body());
        assertThat(event.path("type").asString()).isEqualTo("BOOKMARK");
        assertThat(event.path("object").path("kind").asString()).isEqualTo("Pod");
        assertThat(Long.parseLong(event.path("object").path("metadata").path("resourceVersion").asString())).isGreaterThanOrEqualTo(Long.parseLong(listed));
    }

    @Test
    void aWatchOverPlainHttpFromNoVersionEndsWithExpiredSoThatTheClientListsAgain() throws Exception {
        HttpResponse<String> response = get("/api/v1/namespaces/default/pods?watch=true&resourceVersion=0", "application/json");

        JsonNode event = json(response.body());
        assertThat(event.path("type").asString()).isEqualTo("ERROR");
        assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
        assertThat(event.path("object").path("reason").asString()).isEqualTo("Expired");
    }

    @Test
    void theInstalledCrdsAreEstablished() {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("redisreplications.redis.redis.opstreelabs.in").get();

        assertThat(crd.getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Established=True"));
        assertThat(crd.getStatus().getAcceptedNames().getPlural()).isEqualTo("redisreplications");
    }

    @Test
    void theOpenApiV2DocumentIsEmpty() throws Exception {
        HttpResponse<String> response = get("/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.qsredis.model.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestbedApiServerMockTest {

    private final List<String> deleted = new CopyOnWriteArrayList<>();
    private final List<Boolean> orphaned = new CopyOnWriteArrayList<>();
    private final TestbedApiServer server = TestbedApiServer.start((json, orphan) -> {
        deleted.add(json);
        orphaned.add(orphan);
    });
    private final KubernetesClient client = server.newClient();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Pod createPod() {
        return client.resource(new PodBuilder()
                .withNewMetadata()
                    .withName("p")
                    .addToLabels("keep", "yes")
                    .addToLabels("drop", "yes")
                .endMetadata()
                .withNewSpec()
                    .addNewContainer().withName("redis").withImage("redis").endContainer()
                .endSpec()
                .build()).create();
    }

    private StatefulSet createStatefulSet() {
        return client.resource(new StatefulSetBuilder()
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
                .build()).create();
    }

    @Test
    void aStatefulSetUpdateOfAnImmutableFieldIsRefusedAsARealServerRefusesIt() {
        StatefulSet live = createStatefulSet();

        StatefulSet changed = new StatefulSetBuilder(live).editSpec().withServiceName("other").endSpec().build();
        assertThatThrownBy(() -> client.resource(changed).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec: Forbidden: updates to statefulset spec for fields other than");
                });
        assertThatThrownBy(() -> client.apps().statefulSets().withName("app")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"podManagementPolicy\":\"Parallel\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(client.apps().statefulSets().withName("app").get().getSpec().getServiceName()).isEqualTo("app-headless");
    }

    @Test
    void aStatefulSetUpdateOfTheTemplateAndReplicasIsAccepted() {
        StatefulSet live = createStatefulSet();

        client.resource(new StatefulSetBuilder(live).editSpec().withReplicas(3).withPodManagementPolicy("OrderedReady")
                .editTemplate().editSpec().editFirstContainer().withImage("redis:7.2.4").endContainer().endSpec().endTemplate()
                .endSpec().build()).update();

        assertThat(client.apps().statefulSets().withName("app").get().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void mergePatchRemovesNullMembersAndReplacesArrays() {
        createPod();

        Pod patched = client.pods().withName("p").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"drop\":null,\"new\":\"yes\"}},"
                        + "\"spec\":{\"containers\":[{\"name\":\"sentinel\",\"image\":\"redis\"}]}}");

        assertThat(patched.getMetadata().getLabels()).containsOnly(Map.entry("keep", "yes"), Map.entry("new", "yes"));
        assertThat(patched.getSpec().getContainers()).extracting(c -> c.getName()).containsExactly("sentinel");
    }

    @Test
    void mergePatchWithAStaleResourceVersionConflicts() {
        Pod created = createPod();
        client.pods().withName("p").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");

        assertThatThrownBy(() -> client.pods().withName("p").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"resourceVersion\":\"" + created.getMetadata().getResourceVersion()
                                + "\",\"labels\":{\"a\":\"c\"}}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void statusUpdateWithAStaleResourceVersionConflicts() {
        Pod created = createPod();
        client.pods().withName("p").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");

        Pod stale = new PodBuilder(created).withNewStatus().withPodIP("127.0.0.10").endStatus().build();

        assertThatThrownBy(() -> client.resource(stale).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void writingAPodOrACustomResourceLeavesItsStatusAlone() {
        createPod();
        client.pods().withName("p").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"podIP\":\"127.0.0.10\"}}");
        Pod current = client.pods().withName("p").get();
        current.getStatus().setPodIP("127.0.0.99");
        current.getMetadata().getLabels().put("role", "master");
        client.resource(current).update();

        Redis redis = new Redis();
        redis.getMetadata().setName("r");
        client.resource(redis).create();
        client.resources(Redis.class).withName("r").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"observedGeneration\":1}}");
        client.resources(Redis.class).withName("r").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"status\":{\"observedGeneration\":7}}");

        assertThat(client.pods().withName("p").get().getStatus().getPodIP()).isEqualTo("127.0.0.10");
        assertThat(client.resources(Redis.class).withName("r").get().getStatus().observedGeneration).isEqualTo(1L);
    }

    @Test
    void secretStringDataIsStoredAsData() {
        client.resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .addToStringData("password", "hunter2").build()).create();

        Secret stored = client.secrets().withName("s").get();

        assertThat(stored.getStringData()).isEmpty();
        assertThat(stored.getData()).containsEntry("password", "aHVudGVyMg==");
    }

    @Test
    void aPodTheNodeRunsIsMarkedForDeletionAndKeptUntilDeletedWithNoGracePeriod() {
        client.resource(new PodBuilder(createPod()).editSpec().withNodeName(TestbedNode.NAME).withTerminationGracePeriodSeconds(7L).endSpec().build())
                .update();

        client.pods().withName("p").delete();

        Pod marked = client.pods().withName("p").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(7L);
        assertThat(deleted).isEmpty();
        client.pods().withName("p").withGracePeriod(0).delete();
        assertThat(client.pods().withName("p").get()).isNull();
        assertThat(deleted).hasSize(1);
    }

    @Test
    void aPodNoNodeRunsIsDeletedAtOnce() {
        createPod();

        client.pods().withName("p").delete();

        assertThat(client.pods().withName("p").get()).isNull();
    }

    @Test
    void deletionsAreReportedWithTheirPropagationPolicy() {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("a").endMetadata().build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("b").endMetadata().build()).create();

        client.configMaps().withName("a").delete();
        client.configMaps().withName("b").withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN).delete();

        assertThat(deleted).hasSize(2);
        assertThat(deleted.get(0)).contains("\"name\":\"a\"");
        assertThat(orphaned).containsExactly(false, true);
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.RedisReplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PathGuardMockTest {

    private final List<String> deleted = new ArrayList<>();
    private final TestbedApiServer server = TestbedApiServer.start((json, orphan) -> deleted.add(json));
    private final KubernetesClient client = server.newClient();

    @BeforeEach
    void someObjects() {
        client.resource(new PodBuilder()
                .withNewMetadata().withName("my-redis-0").endMetadata()
                .withNewSpec().addNewContainer().withName("redis").withImage("redis").endContainer().endSpec()
                .build()).create();
        client.resource(new SecretBuilder().withNewMetadata().withName("auth").endMetadata().addToData("k", "dg==").build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("conf").endMetadata().build()).create();
        RedisReplication replication = new RedisReplication();
        replication.getMetadata().setName("my-redis");
        client.resource(replication).create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aDoubleSlashDeleteIsRefusedAndLeavesEveryObjectInPlace() throws Exception {
        HttpResponse<String> response = RawHttp.send(server, "DELETE", "//api/v1/namespaces/default/pods/my-redis-0", null, null, null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Serialization.jsonMapper().readTree(response.body()).path("kind").asString()).isEqualTo("Status");
        assertThat(deleted).isEmpty();
        assertThat(client.pods().withName("my-redis-0").get()).isNotNull();
        assertThat(client.secrets().withName("auth").get()).isNotNull();
        assertThat(client.configMaps().withName("conf").get()).isNotNull();
        assertThat(client.resources(RedisReplication.class).withName("my-redis").get()).isNotNull();
    }

    @Test
    void aDoubleSlashGetIsRefusedAndListsNothing() throws Exception {
        HttpResponse<String> response = RawHttp.send(server, "GET", "//api/v1/namespaces/default/pods", null, null, null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("my-redis-0", "auth");
    }

    @Test
    void aDeleteOfAnUnservedSubresourceDeletesNothing() throws Exception {
        HttpResponse<String> response = RawHttp.send(server, "DELETE", "/api/v1/namespaces/default/pods/my-redis-0/exec", null, null, null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(deleted).isEmpty();
        assertThat(client.pods().withName("my-redis-0").get()).isNotNull();
    }

    @Test
    void aDeleteOfOneObjectDeletesOnlyIt() {
        client.pods().withName("my-redis-0").delete();

        assertThat(deleted).hasSize(1);
        assertThat(client.secrets().withName("auth").get()).isNotNull();
    }
}

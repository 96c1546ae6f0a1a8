package io.qsredis.operator.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.model.Redis;
import io.qsredis.operator.TestingApiServer;
import io.qsredis.operator.kube.Applier.Change;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApplierMockTest {
    private TestingApiServer api;
    private KubernetesClient client;
    private Applier applier;
    private Redis owner;

    @BeforeEach
    void setUp() {
        api = new TestingApiServer();
        client = api.client();
        applier = new Applier(client);
        Redis redis = new Redis();
        redis.getMetadata().setName("cache");
        redis.getMetadata().setNamespace("ns");
        owner = client.resource(redis).create();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private static ConfigMap configMap(String value) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName("cache")
                    .withLabels(Map.of("app", "cache"))
                .endMetadata()
                .withData(Map.of("redis.conf", value))
                .build();
    }

    private ConfigMap live() {
        return client.configMaps().inNamespace("ns").withName("cache").get();
    }

    @Test
    void createsAMissingObjectControlledByItsOwner() {
        assertThat(applier.apply(owner, ConfigMap.class, "cache", configMap("port 6379")).change()).isEqualTo(Change.CREATED);

        assertThat(live().getData()).containsEntry("redis.conf", "port 6379");
        assertThat(Applier.isControlledBy(live(), owner)).isTrue();
    }

    @Test
    void writesNothingWhenTheRenderedObjectDidNotChange() {
        applier.apply(owner, ConfigMap.class, "cache", configMap("port 6379"));
        String version = live().getMetadata().getResourceVersion();

        assertThat(applier.apply(owner, ConfigMap.class, "cache", configMap("port 6379")).change()).isEqualTo(Change.UNCHANGED);
        assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void updatesAChangedObjectAndKeepsAnnotationsOthersSet() {
        applier.apply(owner, ConfigMap.class, "cache", configMap("port 6379"));
        client.configMaps().inNamespace("ns").withName("cache")
                .edit(cm -> new ConfigMapBuilder(cm).editMetadata().addToAnnotations("backup.example.com/last", "today").endMetadata().build());

        assertThat(applier.apply(owner, ConfigMap.class, "cache", configMap("port 6380")).change()).isEqualTo(Change.UPDATED);
        assertThat(live().getData()).containsEntry("redis.conf", "port 6380");
        assertThat(live().getMetadata().getAnnotations()).containsEntry("backup.example.com/last", "today");
    }

    @Test
    void keepsTheClusterIpTheServerAllocatedWhenUpdatingAService() {
        Service service = new ServiceBuilder()
                .withNewMetadata().withName("cache").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "cache")).addNewPort().withName("redis-client").withPort(6379).endPort().endSpec()
                .build();
        applier.apply(owner, Service.class, "cache", service);
        client.services().inNamespace("ns").withName("cache")
                .edit(s -> new ServiceBuilder(s).editSpec().withClusterIP("10.0.0.7").endSpec().build());

        Service changed = new ServiceBuilder(service).editSpec().withSelector(Map.of("app", "cache", "redis-role", "master")).endSpec().build();
        assertThat(applier.apply(owner, Service.class, "cache", changed).change()).isEqualTo(Change.UPDATED);
        Service live = client.services().inNamespace("ns").withName("cache").get();
        assertThat(live.getSpec().getClusterIP()).isEqualTo("10.0.0.7");
        assertThat(live.getSpec().getSelector()).containsEntry("redis-role", "master");
    }

    private Service nodePortService(String type) {
        return new ServiceBuilder()
                .withNewMetadata().withName("cache-0").endMetadata()
                .withNewSpec().withType(type).withSelector(Map.of("app", "cache")).addNewPort().withName("redis-client").withPort(6379).endPort().endSpec()
                .build();
    }

    private void allocateNodePort(int nodePort) {
        client.services().inNamespace("ns").withName("cache-0")
                .edit(s -> new ServiceBuilder(s).editSpec().editFirstPort().withNodePort(nodePort).endPort().endSpec().build());
    }

    @Test
    void keepsTheNodePortTheServerAllocatedWhenUpdatingANodePortService() {
        applier.apply(owner, Service.class, "cache-0", nodePortService("NodePort"));
        allocateNodePort(31000);

        Service changed = new ServiceBuilder(nodePortService("NodePort")).editMetadata().addToAnnotations("example.com/a", "b").endMetadata().build();
        assertThat(applier.apply(owner, Service.class, "cache-0", changed).change()).isEqualTo(Change.UPDATED);
        assertThat(client.services().inNamespace("ns").withName("cache-0").get().getSpec().getPorts().get(0).getNodePort()).isEqualTo(31000);
    }

    @Test
    void aServiceTurnedBackToClusterIpGivesUpItsNodePort() {
        applier.apply(owner, Service.class, "cache-0", nodePortService("NodePort"));
        allocateNodePort(31000);

        assertThat(applier.apply(owner, Service.class, "cache-0", nodePortService("ClusterIP")).change()).isEqualTo(Change.UPDATED);
        Service live = client.services().inNamespace("ns").withName("cache-0").get();
        assertThat(live.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(live.getSpec().getPorts().get(0).getNodePort()).isNull();
    }

    @Test
    void deletesAnObjectThatMustNotExist() {
        applier.apply(owner, ConfigMap.class, "cache", configMap("port 6379"));

        assertThat(applier.apply(owner, ConfigMap.class, "cache", null).change()).isEqualTo(Change.DELETED);
        assertThat(live()).isNull();
        assertThat(applier.apply(owner, ConfigMap.class, "cache", null).change()).isEqualTo(Change.ABSENT);
    }

    @Test
    void neverDeletesAnObjectItsOwnerDoesNotControl() {
        client.configMaps().inNamespace("ns").resource(configMap("user's own")).create();

        assertThat(applier.apply(owner, ConfigMap.class, "cache", null).change()).isEqualTo(Change.ABSENT);
        assertThat(live().getData()).containsEntry("redis.conf", "user's own");
    }

    @Test
    void updatesASecretWhoseDataChangedWithoutPuttingAHashOfItOnTheObject() {
        Secret secret = new SecretBuilder().withNewMetadata().withName("cache").endMetadata().withData(Map.of("password", "b25l")).build();
        applier.apply(owner, Secret.class, "cache", secret);
        String hashBefore = client.secrets().inNamespace("ns").withName("cache").get().getMetadata().getAnnotations().get(ContentHash.ANNOTATION);

        Secret changed = new SecretBuilder(secret).withData(Map.of("password", "dHdv")).build();
        assertThat(applier.apply(owner, Secret.class, "cache", changed).change()).isEqualTo(Change.UPDATED);
        Secret live = client.secrets().inNamespace("ns").withName("cache").get();
        assertThat(live.getData()).containsEntry("password", "dHdv");
        assertThat(live.getMetadata().getAnnotations()).containsEntry(ContentHash.ANNOTATION, hashBefore);
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.qsredis.model.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The testbed deletes what an object owns when it goes, as Kubernetes' garbage collector does. */
class GarbageCollectorMockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Testbed testbed;

    @BeforeAll
    static void start() {
        testbed = Testbed.start(TestbedConfig.isolated());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    private static Redis createOwner(String namespace) {
        Redis redis = new Redis();
        redis.getMetadata().setName("owner");
        redis.getMetadata().setNamespace(namespace);
        return testbed.client().resource(redis).create();
    }

    private static void createDependent(Redis owner, String name) {
        testbed.client().resource(new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(owner.getMetadata().getNamespace())
                    .addNewOwnerReference()
                        .withApiVersion("redis.redis.opstreelabs.in/v1beta2")
                        .withKind("Redis")
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                    .endOwnerReference()
                .endMetadata()
                .build()).create();
    }

    @Test
    void deletingAnOwnerDeletesItsDependents() {
        Redis owner = createOwner("cascade");
        createDependent(owner, "owned");
        testbed.client().resource(new ConfigMapBuilder().withNewMetadata().withName("bystander").withNamespace("cascade")
                .endMetadata().build()).create();

        testbed.client().resource(owner).delete();

        Await.until("the dependent deleted", TIMEOUT, () ->
                testbed.client().configMaps().inNamespace("cascade").withName("owned").get() == null);
        assertThat(testbed.client().configMaps().inNamespace("cascade").withName("bystander").get()).isNotNull();
    }

    @Test
    void orphaningKeepsDependentsWithoutTheirOwnerReference() {
        Redis owner = createOwner("orphan");
        createDependent(owner, "owned");

        testbed.client().resource(owner).withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

        Await.until("the dependent's owner reference removed", TIMEOUT, () -> {
            ConfigMap dependent = testbed.client().configMaps().inNamespace("orphan").withName("owned").get();
            return dependent != null && dependent.getMetadata().getOwnerReferences().isEmpty();
        });
    }
}

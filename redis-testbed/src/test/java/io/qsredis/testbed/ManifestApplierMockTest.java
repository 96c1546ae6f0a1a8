package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.qsredis.model.RedisReplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Applying the sandbox's manifests: create, change, leave alone what the operator set, prune. */
class ManifestApplierMockTest {

    private static final String REPLICATION = """
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisReplication
            metadata:
              name: cache
            spec:
              clusterSize: %d
              kubernetesConfig:
                image: redis:7.0.15
            """;
    private static final String SETTINGS = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              maxmemory: 64mb
            """;

    private static Testbed testbed;

    @BeforeAll
    static void start() {
        testbed = Testbed.start(TestbedConfig.isolated());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    private static List<ManifestChange.Action> actions(List<ManifestChange> changes) {
        return changes.stream().map(ManifestChange::action).toList();
    }

    @Test
    void reapplyingChangesWhatTheManifestChangedAndKeepsWhatOthersSet() {
        String namespace = "reapply";
        assertThat(actions(testbed.apply("m", REPLICATION.formatted(3) + "---\n" + SETTINGS, namespace)))
                .containsExactly(ManifestChange.Action.CREATED, ManifestChange.Action.CREATED);
        testbed.client().resources(RedisReplication.class).inNamespace(namespace).withName("cache")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":[\"redis.opstreelabs.in/finalizer\"]}}");

        List<ManifestChange> changes = testbed.apply("m", REPLICATION.formatted(5) + "---\n" + SETTINGS, namespace);

        assertThat(changes).extracting(ManifestChange::toString)
                .containsExactly("RedisReplication reapply/cache configured", "ConfigMap reapply/settings unchanged");
        RedisReplication replication = testbed.client().resources(RedisReplication.class).inNamespace(namespace).withName("cache").get();
        assertThat(replication.getSpec().clusterSize).isEqualTo(5);
        assertThat(replication.getMetadata().getFinalizers()).containsExactly("redis.opstreelabs.in/finalizer");
        assertThat(replication.getMetadata().getGeneration()).isEqualTo(2);
    }

    @Test
    void anObjectDroppedFromTheManifestIsPruned() {
        String namespace = "prune";
        testbed.apply("m", REPLICATION.formatted(3) + "---\n" + SETTINGS, namespace);

        List<ManifestChange> changes = testbed.apply("m", REPLICATION.formatted(3), namespace);

        assertThat(changes).extracting(ManifestChange::toString)
                .containsExactly("RedisReplication prune/cache unchanged", "ConfigMap prune/settings pruned");
        assertThat(testbed.client().configMaps().inNamespace(namespace).withName("settings").get()).isNull();
    }

    @Test
    void theWatcherReappliesAnEditedFileAndReportsABrokenOne() throws Exception {
        Path file = Files.createTempFile(testbed.stateDirectory(), "manifest", ".yaml");
        Files.writeString(file, SETTINGS, StandardCharsets.UTF_8);
        List<List<ManifestChange>> applied = new CopyOnWriteArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        ManifestWatcher.Listener listener = new ManifestWatcher.Listener() {
            @Override
            public void applied(List<ManifestChange> changes) {
                applied.add(changes);
            }

            @Override
            public void failed(Exception failure) {
                failures.add(failure);
            }
        };

        try (ManifestWatcher watcher = ManifestWatcher.start(testbed, file, listener)) {
            Files.writeString(file, SETTINGS.replace("64mb", "128mb"), StandardCharsets.UTF_8);
            Await.until("the edited ConfigMap applied", Duration.ofSeconds(10), () -> {
                ConfigMap settings = testbed.client().configMaps().inNamespace("default").withName("settings").get();
                return settings != null && "128mb".equals(settings.getData().get("maxmemory"));
            });
            Files.writeString(file, "kind: [not yaml", StandardCharsets.UTF_8);
            Await.until("the broken manifest reported", Duration.ofSeconds(10), () -> !failures.isEmpty());
        }

        assertThat(applied).hasSize(2);
        assertThat(failures).hasSize(1);
    }
}

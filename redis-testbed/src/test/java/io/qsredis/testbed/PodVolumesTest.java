package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class PodVolumesTest {

    @TempDir
    Path podDirectory;

    private static Secret secret(String certificate, String key) {
        return new SecretBuilder()
                .withNewMetadata().withName("tls").withNamespace("shop").endMetadata()
                .withData(Map.of("tls.crt", base64(certificate), "tls.key", base64(key)))
                .build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aChangedSecretSwapsItsVolumeOntoANewVersionOfEveryFile() throws Exception {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("cache-0").withNamespace("shop").endMetadata()
                .withNewSpec()
                    .addNewContainer().withName("redis").withCommand("redis-server")
                        .addNewVolumeMount().withName("tls").withMountPath("/etc/redis/tls").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("tls").withNewSecret().withSecretName("tls").endSecret().endVolume()
                .endSpec()
                .build();
        AtomicReference<Secret> current = new AtomicReference<>(secret("first certificate", "first key"));
        ObjectLookup lookup = new ObjectLookup() {
            @Override
            public ConfigMap configMap(String namespace, String name) {
                return null;
            }

            @Override
            public Secret secret(String namespace, String name) {
                return current.get();
            }

            @Override
            public boolean claimExists(String namespace, String name) {
                return false;
            }
        };
        Map<String, Path> directories = PodTranslation.volumeDirectories(pod, podDirectory, podDirectory.resolve("claims"));
        PodTranslation translation = PodTranslation.of(pod, pod.getSpec().getContainers(), directories, podDirectory, "127.0.0.10");
        PodVolumes volumes = new PodVolumes(directories, lookup, new PodAddresses("127.0.0.10", "127.0.0.11"));
        volumes.prepare(pod, translation);
        Path volume = directories.get("tls");
        Path versionBefore = volume.resolve(Files.readSymbolicLink(volume.resolve("..data")));

        current.set(secret("second certificate", "second key"));
        volumes.refreshAll(pod, translation);

        assertThat(volume.resolve("tls.crt")).isSymbolicLink().hasContent("second certificate");
        assertThat(volume.resolve("tls.key")).hasContent("second key");
        assertThat(versionBefore).doesNotExist();
    }
}

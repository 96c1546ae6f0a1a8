package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.qsredis.model.Redis;
import io.qsredis.renderer.model.InvalidSpecException;
import io.qsredis.renderer.model.RedisModel;
import io.qsredis.renderer.yaml.Manifests;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The password of {@code kubernetesConfig.redisSecret} reaches Redis only as a file of a Secret volume, read by the
 * operator's init containers: it is in no ConfigMap, command, argument, annotation or literal env value.
 */
class PasswordDeliveryTest {
    private static final String PASSWORD = "Zq9-DISTINCTIVE-pw-7Hx";
    private static final List<String> CONTAINERS_THAT_READ_THE_PASSWORD_FILE = List.of(
            PodLayout.CONFIG_INIT_CONTAINER, PodLayout.SENTINEL_CONFIG_INIT_CONTAINER, PodLayout.REDIS_CONTAINER, PodLayout.SENTINEL_CONTAINER);

    private final List<HasMetadata> rendered = renderFile("cr/with-secrets.yaml");

    @Test
    void noRenderedTextHoldsThePasswordFromTheSecretBesideTheResources() {
        String yaml = Manifests.write(rendered);

        assertThat(rendered).extracting(HasMetadata::getKind).contains("StatefulSet", "ConfigMap", "Service").doesNotContain("Secret");
        assertThat(yaml).doesNotContain(PASSWORD)
                .doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void configMapsSetNoPassword() {
        List<String> configLines = rendered.stream()
                .filter(ConfigMap.class::isInstance)
                .flatMap(configMap -> ((ConfigMap) configMap).getData().values().stream())
                .flatMap(String::lines)
                .toList();

        assertThat(configLines).isNotEmpty().noneMatch(line -> line.startsWith("requirepass") || line.startsWith("masterauth")
                || line.startsWith("sentinel auth-pass"));
    }

    @Test
    void onlyTheExporterGetsThePasswordThroughItsEnvironment() {
        for (StatefulSet statefulSet : statefulSets()) {
            for (Container container : containers(statefulSet.getSpec().getTemplate().getSpec())) {
                boolean secretEnv = listOf(container.getEnv()).stream().anyMatch(env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null);
                assertThat(secretEnv).as(statefulSet.getMetadata().getName() + "/" + container.getName())
                        .isEqualTo(container.getName().equals(PodLayout.EXPORTER_CONTAINER));
            }
        }
    }

    @Test
    void thePasswordVolumeIsMountedOnlyWhereRedisOrSentinelReadsIt() {
        for (StatefulSet statefulSet : statefulSets()) {
            PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();
            Volume password = pod.getVolumes().stream().filter(volume -> volume.getName().equals(PodLayout.PASSWORD_VOLUME)).findFirst().orElseThrow();
            assertThat(password.getSecret().getSecretName()).isEqualTo("shop-auth");
            assertThat(password.getSecret().getItems()).singleElement().satisfies(item -> assertThat(item.getPath()).isEqualTo("password"));
            List<String> mountedIn = containers(pod).stream()
                    .filter(container -> listOf(container.getVolumeMounts()).stream().anyMatch(mount -> mount.getName().equals(PodLayout.PASSWORD_VOLUME)))
                    .map(Container::getName)
                    .toList();
            assertThat(mountedIn).as(statefulSet.getMetadata().getName()).isNotEmpty().isSubsetOf(CONTAINERS_THAT_READ_THE_PASSWORD_FILE);
        }
    }

    @Test
    void aPasswordInDynamicConfigIsRejected() {
        Redis redis = TestingResources.cr("redis-minimal");
        redis.getSpec().redisConfig = new io.qsredis.model.common.RedisConfig();
        redis.getSpec().redisConfig.dynamicConfig = List.of("requirepass " + PASSWORD);

        assertThatThrownBy(() -> RedisModel.fromCr(redis))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("spec.redisConfig.dynamicConfig[0]: must not set requirepass")
                .hasMessageNotContaining(PASSWORD);
    }

    private List<StatefulSet> statefulSets() {
        List<StatefulSet> statefulSets = rendered.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).toList();
        assertThat(statefulSets).hasSize(6);
        return statefulSets;
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }

    /** User containers leave lists unset. */
    private static <T> List<T> listOf(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static List<HasMetadata> renderFile(String path) {
        List<HasMetadata> objects = new ArrayList<>();
        Manifests.read(TestingResources.text(path)).resources()
                .forEach(resource -> objects.addAll(CustomResourceRenderer.render(resource, RenderOptions.defaults()).present()));
        return objects;
    }
}

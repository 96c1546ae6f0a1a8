package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodTranslationTest {

    private static final Path POD_DIRECTORY = Path.of("/state/pods/shop/cache-0-uid");
    private static final Path CLAIMS = Path.of("/state/claims");
    private static final String IP = "127.0.0.10";

    private static final Container REDIS = new ContainerBuilder()
            .withName("redis")
            .withCommand("/usr/local/bin/redis-server", "/etc/redis/redis.conf")
            .withArgs("--dir", "/data", "--logfile", "/database/x.log")
            .addNewVolumeMount().withName("config").withMountPath("/etc/redis").endVolumeMount()
            .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
            .addNewVolumeMount().withName("node-conf").withMountPath("/data/node-conf/").endVolumeMount()
            .build();

    private static final Container SENTINEL = new ContainerBuilder()
            .withName("sentinel")
            .withCommand("sh", "-c", "cp /etc/sentinel/sentinel.conf /sentinel/sentinel.conf && exec redis-sentinel /sentinel/sentinel.conf\n")
            .addNewVolumeMount().withName("config").withMountPath("/etc/sentinel").endVolumeMount()
            .addNewVolumeMount().withName("writable").withMountPath("/sentinel").endVolumeMount()
            .build();

    private static Pod pod(Container... containers) {
        return new PodBuilder()
                .withNewMetadata().withName("cache-0").withNamespace("shop").endMetadata()
                .withNewSpec()
                    .withContainers(containers)
                    .addNewVolume().withName("config").withNewConfigMap().withName("cache").endConfigMap().endVolume()
                    .addNewVolume().withName("writable").withNewEmptyDir().endEmptyDir().endVolume()
                    .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("cache-cache-0").endPersistentVolumeClaim().endVolume()
                    .addNewVolume().withName("node-conf").withNewPersistentVolumeClaim().withClaimName("node-conf-cache-0").endPersistentVolumeClaim().endVolume()
                .endSpec()
                .build();
    }

    private static PodTranslation translation(Pod pod) throws PodStartException {
        return PodTranslation.of(pod, pod.getSpec().getContainers(),
                PodTranslation.volumeDirectories(pod, POD_DIRECTORY, CLAIMS), POD_DIRECTORY, IP);
    }

    @Test
    void secretFilesHaveMountPathsRewrittenButPemFilesAreCopiedAsTheyAre() throws PodStartException {
        PodTranslation translation = translation(pod(REDIS));
        String pem = "-----BEGIN CERTIFICATE-----\n/data\n-----END CERTIFICATE-----\n";

        assertThat(new String(translation.secretFileContent("dir /data\n".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("dir /state/claims/shop/cache-cache-0\n");
        assertThat(new String(translation.secretFileContent(pem.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo(pem);
    }

    @Test
    void claimsLiveOutsideThePodDirectoryAndOtherVolumesInsideIt() {
        Map<String, Path> directories = PodTranslation.volumeDirectories(pod(REDIS), POD_DIRECTORY, CLAIMS);

        assertThat(directories)
                .containsEntry("config", POD_DIRECTORY.resolve("volumes/config"))
                .containsEntry("writable", POD_DIRECTORY.resolve("volumes/writable"))
                .containsEntry("data", Path.of("/state/claims/shop/cache-cache-0"));
    }

    @Test
    void redisRunsTheHostBinaryOnTheMountedFilesPinnedToThePodAddress() throws PodStartException {
        PodTranslation.Launch launch = translation(pod(REDIS)).launch(REDIS, ContainerRole.REDIS, Map.of());

        assertThat(launch.command()).containsExactly(
                "redis-server", "/state/pods/shop/cache-0-uid/volumes/config/redis.conf",
                "--dir", "/state/claims/shop/cache-cache-0",
                "--logfile", "/database/x.log",
                "--bind", IP, "--bind-source-addr", IP);
        assertThat(launch.workingDirectory()).isEqualTo(Path.of("/state/claims/shop/cache-cache-0"));
        assertThat(launch.environment()).containsEntry("HOSTNAME", "cache-0").containsKey("PATH");
    }

    @Test
    void theLongestMountWinsInFileContents() throws PodStartException {
        PodTranslation translation = translation(pod(REDIS));

        assertThat(translation.fileContent("dir /data\ncluster-config-file /data/node-conf/nodes.conf\ninclude \"/etc/redis/extra.conf\"\n"))
                .isEqualTo("dir /state/claims/shop/cache-cache-0\n"
                        + "cluster-config-file /state/claims/shop/node-conf-cache-0/nodes.conf\n"
                        + "include \"/state/pods/shop/cache-0-uid/volumes/config/extra.conf\"\n");
    }

    @Test
    void aSentinelScriptGetsTheAddressFlagsAtItsEnd() throws PodStartException {
        PodTranslation.Launch launch = translation(pod(SENTINEL)).launch(SENTINEL, ContainerRole.SENTINEL, Map.of());

        assertThat(launch.command()).containsExactly("sh", "-c",
                "cp /state/pods/shop/cache-0-uid/volumes/config/sentinel.conf /state/pods/shop/cache-0-uid/volumes/writable/sentinel.conf"
                        + " && exec redis-sentinel /state/pods/shop/cache-0-uid/volumes/writable/sentinel.conf"
                        + " --sentinel announce-ip " + IP + " --bind " + IP);
        assertThat(launch.workingDirectory()).isEqualTo(POD_DIRECTORY);
    }

    @Test
    void initContainersRunWithoutAddressFlags() throws PodStartException {
        Container init = new ContainerBuilder()
                .withName("config")
                .withCommand("sh", "-c", "printf 'requirepass %s' \"$(cat /etc/redis/password)\" > /sentinel/auth.conf")
                .addNewVolumeMount().withName("config").withMountPath("/etc/redis").endVolumeMount()
                .addNewVolumeMount().withName("writable").withMountPath("/sentinel").endVolumeMount()
                .build();

        PodTranslation.Launch launch = translation(pod(REDIS, init)).launch(init, ContainerRole.INIT, Map.of());

        assertThat(launch.command().get(2)).isEqualTo("printf 'requirepass %s' \"$(cat /state/pods/shop/cache-0-uid/volumes/config/password)\""
                + " > /state/pods/shop/cache-0-uid/volumes/writable/auth.conf");
    }

    @Test
    void environmentValuesAndArgumentReferencesAreTranslated() throws PodStartException {
        Container container = new ContainerBuilder(REDIS)
                .withArgs("--replica-announce-ip", "$(POD_IP)")
                .build();

        PodTranslation.Launch launch = translation(pod(container))
                .launch(container, ContainerRole.REDIS, Map.of("POD_IP", IP, "CONF", "/etc/redis/redis.conf"));

        assertThat(launch.command()).containsSubsequence("--replica-announce-ip", IP);
        assertThat(launch.environment()).containsEntry("CONF", "/state/pods/shop/cache-0-uid/volumes/config/redis.conf");
    }

    @Test
    void aContainerWithoutCommandCannotRun() {
        Container bare = new ContainerBuilder().withName("redis").withImage("redis:7").build();

        assertThatThrownBy(() -> translation(pod(bare)).launch(bare, ContainerRole.REDIS, Map.of()))
                .isInstanceOfSatisfying(PodStartException.class,
                        e -> assertThat(e.reason()).isEqualTo("CreateContainerConfigError"));
    }

    @Test
    void aMountOfAnUndeclaredVolumeCannotRun() {
        Container orphan = new ContainerBuilder(REDIS)
                .addNewVolumeMount().withName("nowhere").withMountPath("/x").endVolumeMount()
                .build();

        assertThatThrownBy(() -> PodTranslation.of(pod(orphan), List.of(orphan),
                        PodTranslation.volumeDirectories(pod(orphan), POD_DIRECTORY, CLAIMS), POD_DIRECTORY, IP))
                .isInstanceOf(PodStartException.class)
                .hasMessageContaining("nowhere");
    }
}

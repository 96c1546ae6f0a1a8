package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.qsredis.renderer.yaml.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered redis.conf and sentinel.conf, with the files the operator's init containers write, are accepted by
 * the real Redis 7 binaries, which then require the password from the Secret and apply every setting.
 */
class RenderedConfigRunsOnRedisTest {
    /** Quotes, a backslash, spaces and shell syntax: all must reach Redis unchanged. */
    private static final String PASSWORD = "pa ss\"w\\rd $HOME `id` 'x'";
    private static final Map<String, Map<String, String>> SECRETS = Map.of("store-auth", Map.of("password", PASSWORD + "\n"));
    private static final List<ConfigMap> USER_CONFIG_MAPS = List.of(
            configMap("store-extra", PodLayout.ADDITIONAL_REDIS_CONF_KEY, "hz 17\n"),
            configMap("watch-extra", PodLayout.ADDITIONAL_SENTINEL_CONF_KEY, "sentinel deny-scripts-reconfig yes\n"));

    private final List<HasMetadata> rendered = new ArrayList<>();

    @TempDir
    Path root;

    RenderedConfigRunsOnRedisTest() {
        Manifests.read(TestingResources.text("cr/runs-on-redis.yaml")).resources()
                .forEach(resource -> rendered.addAll(CustomResourceRenderer.render(resource, RenderOptions.defaults()).present()));
    }

    @Test
    void serverRequiresThePasswordAndAppliesEverySetting() throws IOException {
        try (TestingPod pod = pod("store").start()) {
            assertThat(pod.cli(null, "PING").output()).startsWith("NOAUTH");
            assertThat(pod.cli(PASSWORD, "PING").output()).isEqualTo("PONG");
            assertThat(configGet(pod, "maxmemory")).isEqualTo(String.valueOf(32 * 1024 * 1024));
            assertThat(configGet(pod, "maxmemory-policy")).isEqualTo("allkeys-lru");
            assertThat(configGet(pod, "hz")).isEqualTo("17");
            assertThat(configGet(pod, "appendonly")).isEqualTo("yes");
            assertThat(configGet(pod, "masterauth")).isEqualTo(PASSWORD);
            assertThat(configGet(pod, "dir")).isEqualTo(pod.path(PodLayout.DATA_DIR).toRealPath().toString());
            assertThat(commandLine(pod)).doesNotContain("pa ss");
        }
    }

    @Test
    void replicationServerStartsAsAReadOnlyReplicaOfNothingUntilTheMasterIsNamed() {
        try (TestingPod pod = pod("orders").start()) {
            String replication = pod.cli(PASSWORD, "INFO", "replication").output();
            assertThat(replication).contains("role:slave", "master_host:127.0.0.1", "master_port:1", "master_link_status:down");
            assertThat(pod.cli(PASSWORD, "SET", "k", "v").output()).startsWith("READONLY");
            assertThat(pod.cli(PASSWORD, "REPLICAOF", "NO", "ONE").output()).isEqualTo("OK");
            assertThat(pod.cli(PASSWORD, "SET", "k", "v").output()).isEqualTo("OK");
        }
    }

    @Test
    void clusterNodeAnnouncesItsPodDnsNameAndKeepsNodesConfOnItsVolume() {
        try (TestingPod pod = pod("sessions-leader").start()) {
            assertThat(configGet(pod, "cluster-announce-hostname")).isEqualTo("sessions-leader-0.sessions-leader-headless.apps.svc.cluster.local");
            assertThat(configGet(pod, "cluster-preferred-endpoint-type")).isEqualTo("ip");
            assertThat(pod.cli(PASSWORD, "CLUSTER", "INFO").output()).contains("cluster_state:fail", "cluster_known_nodes:1");
            assertThat(pod.path(PodLayout.NODE_CONF_DIR).resolve(PodLayout.NODES_CONF_FILE_NAME)).exists();
        }
    }

    @Test
    void sentinelStartsOnItsComposedConfigurationAndAcceptsAMonitor() throws IOException {
        try (TestingPod master = pod("store").start(); TestingPod sentinel = pod("watch-sentinel").start()) {
            assertThat(sentinel.cli(null, "PING").output()).startsWith("NOAUTH");
            assertThat(sentinel.cli(PASSWORD, "SENTINEL", "MASTERS").output()).isEmpty();
            assertThat(sentinel.cli(PASSWORD, "SENTINEL", "MONITOR", "myMaster", "127.0.0.1", String.valueOf(master.port()), "2").output())
                    .isEqualTo("OK");
            assertThat(sentinel.cli(PASSWORD, "SENTINEL", "CONFIG", "GET", "resolve-hostnames").output()).contains("yes");
            String config = Files.readString(sentinel.path(PodLayout.SENTINEL_CONF), StandardCharsets.UTF_8);
            assertThat(config).contains("sentinel deny-scripts-reconfig yes", "sentinel monitor myMaster 127.0.0.1");
            assertThat(commandLine(sentinel)).doesNotContain("pa ss");
        }
    }

    @Test
    void clusterNodeTimeoutIsUpstreamsFiveSecondsUnlessRedisConfigSetsIt() {
        try (TestingPod plain = pod("sessions-leader").start(); TestingPod tuned = pod("tuned-leader").start()) {
            assertThat(configGet(plain, "cluster-node-timeout")).isEqualTo("5000");
            assertThat(configGet(tuned, "cluster-node-timeout")).isEqualTo("8000");
        }
    }

    @Test
    void sentinelIsReadyOnlyOnceItMonitorsItsGroup() {
        try (TestingPod master = pod("store").start(); TestingPod sentinel = pod("watch-sentinel").start()) {
            assertThat(sentinel.readinessProbe()).as("ready before it monitors myMaster").isFalse();
            sentinel.cli(PASSWORD, "SENTINEL", "MONITOR", "myMaster", "127.0.0.1", String.valueOf(master.port()), "2");

            assertThat(sentinel.readinessProbe()).as("ready once it monitors myMaster").isTrue();
        }
    }

    private TestingPod pod(String statefulSet) {
        StatefulSet sts = rendered.stream()
                .filter(object -> object instanceof StatefulSet && object.getMetadata().getName().equals(statefulSet))
                .map(StatefulSet.class::cast)
                .findFirst()
                .orElseThrow();
        List<ConfigMap> configMaps = new ArrayList<>(USER_CONFIG_MAPS);
        rendered.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).forEach(configMaps::add);
        return new TestingPod(sts, 0, configMaps, SECRETS, root);
    }

    private static String configGet(TestingPod pod, String name) {
        List<String> lines = pod.cli(PASSWORD, "CONFIG", "GET", name).output().lines().toList();
        assertThat(lines).as("CONFIG GET " + name).hasSize(2);
        return lines.get(1);
    }

    private static String commandLine(TestingPod pod) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pod.pid()), "cmdline")), StandardCharsets.UTF_8);
    }

    private static ConfigMap configMap(String name, String key, String content) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData(key, content).build();
    }
}

package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.qsredis.renderer.yaml.Manifests;
import io.qsredis.testbed.LocalPod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered redis.conf and sentinel.conf, with the files the operator's init containers write, are accepted by
 * the real Redis 7 binaries, which then require the password from the Secret and apply every setting. Each pod runs
 * on the testbed's own pod runtime ({@link LocalPod}), without an API server.
 */
class RenderedConfigRunsOnRedisTest {
    /** Quotes, a backslash, spaces and shell syntax: all must reach Redis unchanged. */
    private static final String PASSWORD = "pa ss\"w\\rd $HOME `id` 'x'";
    private static final List<Secret> SECRETS = List.of(new SecretBuilder()
            .withNewMetadata().withName("store-auth").endMetadata()
            .addToData("password", Base64.getEncoder().encodeToString((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)))
            .build());
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
        try (LocalPod pod = pod("store")) {
            assertThat(cli(pod, null, "PING").output()).startsWith("NOAUTH");
            assertThat(cli(pod, PASSWORD, "PING").output()).isEqualTo("PONG");
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
        try (LocalPod pod = pod("orders")) {
            String replication = cli(pod, PASSWORD, "INFO", "replication").output();
            assertThat(replication).contains("role:slave", "master_host:127.0.0.1", "master_port:1", "master_link_status:down");
            assertThat(cli(pod, PASSWORD, "SET", "k", "v").output()).startsWith("READONLY");
            assertThat(cli(pod, PASSWORD, "REPLICAOF", "NO", "ONE").output()).isEqualTo("OK");
            assertThat(cli(pod, PASSWORD, "SET", "k", "v").output()).isEqualTo("OK");
        }
    }

    @Test
    void clusterNodeAnnouncesItsPodDnsNameAndKeepsNodesConfOnItsVolume() {
        try (LocalPod pod = pod("sessions-leader")) {
            assertThat(configGet(pod, "cluster-announce-hostname")).isEqualTo("sessions-leader-0.sessions-leader-headless.apps.svc.cluster.local");
            assertThat(configGet(pod, "cluster-preferred-endpoint-type")).isEqualTo("ip");
            assertThat(cli(pod, PASSWORD, "CLUSTER", "INFO").output()).contains("cluster_state:fail", "cluster_known_nodes:1");
            assertThat(pod.path(PodLayout.NODE_CONF_DIR).resolve(PodLayout.NODES_CONF_FILE_NAME)).exists();
        }
    }

    @Test
    void sentinelStartsOnItsComposedConfigurationAndAcceptsAMonitor() throws IOException {
        try (LocalPod master = pod("store"); LocalPod sentinel = pod("watch-sentinel")) {
            assertThat(cli(sentinel, null, "PING").output()).startsWith("NOAUTH");
            assertThat(cli(sentinel, PASSWORD, "SENTINEL", "MASTERS").output()).isEmpty();
            assertThat(cli(sentinel, PASSWORD, "SENTINEL", "MONITOR", "myMaster", master.address(), String.valueOf(master.port()), "2").output())
                    .isEqualTo("OK");
            assertThat(cli(sentinel, PASSWORD, "SENTINEL", "CONFIG", "GET", "resolve-hostnames").output()).contains("yes");
            String config = Files.readString(sentinel.path(PodLayout.SENTINEL_CONF), StandardCharsets.UTF_8);
            assertThat(config).contains("sentinel deny-scripts-reconfig yes", "sentinel monitor myMaster " + master.address());
            assertThat(commandLine(sentinel)).doesNotContain("pa ss");
        }
    }

    @Test
    void clusterNodeTimeoutIsUpstreamsFiveSecondsUnlessRedisConfigSetsIt() {
        try (LocalPod plain = pod("sessions-leader"); LocalPod tuned = pod("tuned-leader")) {
            assertThat(configGet(plain, "cluster-node-timeout")).isEqualTo("5000");
            assertThat(configGet(tuned, "cluster-node-timeout")).isEqualTo("8000");
        }
    }

    @Test
    void sentinelIsReadyOnlyOnceItMonitorsItsGroup() {
        try (LocalPod master = pod("store"); LocalPod sentinel = pod("watch-sentinel")) {
            assertThat(sentinel.ready()).as("ready before it monitors myMaster").isFalse();
            cli(sentinel, PASSWORD, "SENTINEL", "MONITOR", "myMaster", master.address(), String.valueOf(master.port()), "2");

            assertThat(sentinel.ready()).as("ready once it monitors myMaster").isTrue();
        }
    }

    private LocalPod pod(String statefulSet) {
        StatefulSet sts = rendered.stream()
                .filter(object -> object instanceof StatefulSet && object.getMetadata().getName().equals(statefulSet))
                .map(StatefulSet.class::cast)
                .findFirst()
                .orElseThrow();
        List<ConfigMap> configMaps = new ArrayList<>(USER_CONFIG_MAPS);
        rendered.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).forEach(configMaps::add);
        return LocalPod.start(sts, 0, configMaps, SECRETS, root);
    }

    /** redis-cli against {@code pod}, authenticated with {@code password} through stdin when it is not null. */
    private static CliResult cli(LocalPod pod, String password, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", pod.address(), "-p", String.valueOf(pod.port())));
        if (password != null) {
            command.add("--askpass");
        }
        command.addAll(List.of(args));
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var in = child.getOutputStream()) {
                if (password != null) {
                    in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new CliResult(child.exitValue(), new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private record CliResult(int exitCode, String output) {}

    private static String configGet(LocalPod pod, String name) {
        List<String> lines = cli(pod, PASSWORD, "CONFIG", "GET", name).output().lines().toList();
        assertThat(lines).as("CONFIG GET " + name).hasSize(2);
        return lines.get(1);
    }

    private static String commandLine(LocalPod pod) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pod.pid()), "cmdline")), StandardCharsets.UTF_8);
    }

    private static ConfigMap configMap(String name, String key, String content) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData(key, content).build();
    }
}

package io.qsredis.it.operator;

import io.qsredis.it.charts.Charts;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code redis-operator.jar sandbox} as a newcomer runs it, in its own JVM: it prints each resource's state, writes
 * a kubeconfig at start and the endpoints file once all are Ready, applies the file again when it changes, and leaves no process behind when
 * stopped.
 */
class SandboxCommandIT {
    private static final String MANIFEST = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: my-redis-auth
            stringData:
              password: secret
            ---
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: Redis
            metadata:
              name: my-cache
            spec:
              kubernetesConfig:
                image: redis:7.0.15
                redisSecret:
                  name: my-redis-auth
                  key: password
            """;
    private static final String SECOND = """
            ---
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: Redis
            metadata:
              name: my-second
            spec:
              kubernetesConfig:
                image: redis:7.0.15
            """;

    @TempDir
    Path dir;
    private Process sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runsTheManifestsPrintsTheirStateWritesAKubeconfigFollowsEditsAndLeavesNoProcessWhenStopped() throws Exception {
        Path manifest = dir.resolve("redis.yaml");
        Path endpoints = dir.resolve("endpoints.json");
        Path output = dir.resolve("sandbox.out");
        Path kubeconfig = dir.resolve("sandbox.kubeconfig");
        Files.writeString(manifest, MANIFEST);
        sandbox = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.qsredis.sandbox.SandboxMain",
                "sandbox", "-f", manifest.toString(), "--endpoints-file", endpoints.toString(),
                "--kubeconfig-out", kubeconfig.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        JsonNode first = Await.until("the endpoints file", Duration.ofSeconds(60), () -> read(endpoints));
        String cache = first.path("services").path("default/my-cache").get(0).asString();
        try (Jedis jedis = new Jedis(HostAndPort.from(cache), TestingOperatorWorld.clientConfig("secret"))) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
        assertThat(Files.readString(output)).contains("Redis default/my-cache: Ready").contains("export KUBECONFIG=" + kubeconfig);
        assertThat(Files.readString(kubeconfig)).contains("server: http://127.0.0.1:");

        Files.writeString(manifest, MANIFEST + SECOND);
        Await.until("the edit applied and its Redis in the endpoints file", Duration.ofSeconds(60), () ->
                read(endpoints).filter(json -> json.path("services").has("default/my-second")).isPresent());
        assertThat(Files.readString(output)).contains("Redis default/my-second created").contains("Redis default/my-second: Ready");

        Matcher state = Pattern.compile("state in (\\S+)").matcher(Files.readString(output));
        assertThat(state.find()).isTrue();
        String stateDirectory = state.group(1);
        assertThat(redisProcessesUnder(stateDirectory)).isNotEmpty();
        sandbox.destroy();
        assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).as("the sandbox stops on SIGTERM").isTrue();
        Await.until("no redis process of the sandbox left", Duration.ofSeconds(10), () -> redisProcessesUnder(stateDirectory).isEmpty());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void installsAChartWithHelmPrintsWhereItsServicesAnswerAndStillStopsOnSigterm() throws Exception {
        Path output = dir.resolve("sandbox.out");
        sandbox = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.qsredis.sandbox.SandboxMain",
                "sandbox", "--chart", Charts.chart("qs-redis-standalone").toString(), "--release", "my-cache",
                "--set", "auth.password=secret", "--kubeconfig-out", dir.resolve("sandbox.kubeconfig").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        Matcher connect = Await.until("the Service my-cache's address printed", Duration.ofSeconds(90), () -> Optional.of(
                Pattern.compile("connect: Service default/my-cache at (\\S+)").matcher(uncheckedRead(output))).filter(Matcher::find));
        try (Jedis jedis = new Jedis(HostAndPort.from(connect.group(1)), TestingOperatorWorld.clientConfig("secret"))) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
        assertThat(Files.readString(output)).contains("installed release default/my-cache (chart qs-redis-standalone-0.1.0, revision 1, deployed)");

        Matcher state = Pattern.compile("state in (\\S+)").matcher(Files.readString(output));
        assertThat(state.find()).isTrue();
        sandbox.destroy();
        assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).as("the sandbox stops on SIGTERM after Helm ran").isTrue();
        Await.until("no redis process of the sandbox left", Duration.ofSeconds(10), () -> redisProcessesUnder(state.group(1)).isEmpty());
    }

    private static String uncheckedRead(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<JsonNode> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(JsonMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8))) : Optional.empty();
        } catch (IOException | RuntimeException partlyWritten) {
            return Optional.empty();
        }
    }

    private static List<ProcessHandle> redisProcessesUnder(String directory) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().filter(line -> line.contains("redis") && line.contains(directory)).isPresent())
                .toList();
    }
}

package io.qsredis.it.operator;

import io.qsredis.it.fixtures.StandaloneManifests;
import io.qsredis.model.Redis;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator image that {@code bin/image} builds here (no Docker engine: a Debian base from debootstrap, podman with
 * runc), run as a platform team runs it: non-root, read-only root filesystem with no tmpfs, host network, the API
 * server reached through a mounted kubeconfig. Against the testbed's API server and its real Redis pods.
 */
class OperatorImageIT {
    private static final Path PROJECT = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).toAbsolutePath().normalize();
    /** podman's default limits are refused on these machines; explicit ones at or below the shell's work. */
    private static final String LIMITS = "4096:4096";
    private static String image;
    private static Path archive;

    @RegisterExtension
    final TestingOperatorWorld world = TestingOperatorWorld.withoutOperator();

    @TempDir
    Path dir;

    private final String container = "qs-redis-operator-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final int httpPort = freePort();

    @BeforeAll
    static void buildTheImage() {
        List<String> printed = run(Duration.ofMinutes(8), PROJECT.resolve("bin/image").toString()).lines().toList();
        image = printed.get(printed.size() - 2);
        archive = PROJECT.resolve(printed.get(printed.size() - 1));
    }

    @AfterEach
    void removeTheContainer() {
        String logs = runAllowingFailure("podman", "logs", container);
        System.out.println("----- podman logs " + container + " -----\n" + logs);
        runAllowingFailure("podman", "rm", "-f", "-t", "5", container);
    }

    @Test
    void theArchiveIsAnOciImageLayout() throws IOException {
        assertThat(archive).exists();
        String entries = run(Duration.ofSeconds(30), "tar", "-tf", archive.toString());
        assertThat(entries.lines()).contains("oci-layout", "index.json");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void runsAsNonRootOnAReadOnlyRootFilesystemAndAnswersHealthAndReadiness() throws IOException {
        start();

        assertThat(Await.until("/healthz answers 200", Duration.ofSeconds(60), () -> status("/healthz").filter(code -> code == 200)))
                .isEqualTo(200);
        assertThat(Await.until("/readyz answers 200", Duration.ofSeconds(60), () -> status("/readyz").filter(code -> code == 200)))
                .isEqualTo(200);
        assertThat(run(Duration.ofSeconds(30), "podman", "top", container, "huser").lines().skip(1).toList())
                .as("the process runs as 65532").containsOnly("65532");
        assertThat(run(Duration.ofSeconds(30), "podman", "inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", container).trim())
                .isEqualTo("true");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void reconcilesARedisToReady() throws IOException {
        start();
        world.apply(StandaloneManifests.cache());

        world.awaitReady(Redis.class, "cache", Duration.ofSeconds(90));
        try (Jedis client = world.connect("cache-0", StandaloneManifests.PASSWORD)) {
            assertThat(client.ping()).isEqualTo("PONG");
        }
    }

    private void start() throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig");
        world.writeKubeconfig(kubeconfig);
        Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));
        run(Duration.ofSeconds(60), "podman", "run", "-d", "--name", container,
                "--network", "host", "--read-only", "--read-only-tmpfs=false",
                "--ulimit", "nofile=" + LIMITS, "--ulimit", "nproc=" + LIMITS,
                "-v", kubeconfig + ":/etc/qs-redis/kubeconfig:ro",
                image,
                "run", "--kubeconfig", "/etc/qs-redis/kubeconfig", "--http-address", "127.0.0.1:" + httpPort,
                "--namespaces", "default");
    }

    private Optional<Integer> status(String path) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return Optional.of(response.statusCode());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String run(Duration timeout, String... command) {
        Result result = execute(timeout, command);
        assertThat(result.exitCode()).as("%s exits 0; it printed:%n%s", String.join(" ", command), result.output()).isZero();
        return result.output();
    }

    private static String runAllowingFailure(String... command) {
        return execute(Duration.ofSeconds(30), command).output();
    }

    private static Result execute(Duration timeout, String... command) {
        try {
            Path output = Files.createTempFile("qs-image-it", ".out");
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(PROJECT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout + ": " + Files.readString(output));
            }
            String printed = Files.readString(output);
            Files.delete(output);
            return new Result(process.exitValue(), printed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private record Result(int exitCode, String output) {}

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

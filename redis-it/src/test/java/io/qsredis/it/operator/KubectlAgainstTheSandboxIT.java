package io.qsredis.it.operator;

import io.qsredis.model.Redis;
import io.qsredis.model.RedisReplication;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The machine's {@code kubectl}, run as a process with the testbed's kubeconfig, against the operator and a
 * RedisReplication of three real Redis processes: what a newcomer types at the sandbox works as on a cluster.
 * One world for the class; the failover runs last, as it moves the master.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KubectlAgainstTheSandboxIT {
    private static final String NAME = "my-redis";
    private static final String MANIFEST = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: my-redis-auth
            stringData:
              password: secret
            ---
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisReplication
            metadata:
              name: my-redis
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0.15
                redisSecret:
                  name: my-redis-auth
                  key: password
            """;
    private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(150);

    private static TestingOperatorWorld world;
    private static Path directory;
    private static Path kubeconfig;

    record Run(int exitCode, String output) {}

    @BeforeAll
    static void aReplicationGroupAndAKubeconfig() throws IOException {
        world = new TestingOperatorWorld();
        world.apply(MANIFEST);
        world.awaitHealthy(RedisReplication.class, NAME, Duration.ofSeconds(120));
        directory = Files.createTempDirectory("kubectl-it-");
        kubeconfig = directory.resolve("sandbox.kubeconfig");
        world.writeKubeconfig(kubeconfig);
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    private static Run kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(directory, "kubectl-", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(KUBECTL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + KUBECTL_TIMEOUT
                    + "; it printed:\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static Run succeeded(String... args) throws IOException, InterruptedException {
        Run run = kubectl(args);
        assertThat(run.exitCode()).as("kubectl %s printed:%n%s", String.join(" ", args), run.output()).isZero();
        return run;
    }

    private static String master() {
        return world.get(RedisReplication.class, NAME).getStatus().masterNode;
    }

    @Test
    @Order(1)
    void getShowsThePrinterColumnsOfTheCrd() throws Exception {
        String master = master();

        String output = succeeded("get", "redisreplications").output();

        assertThat(output.lines().findFirst().orElse("")).matches("NAME\\s+AGE\\s+MASTER\\s*");
        assertThat(output).containsPattern(Pattern.compile("(?m)^" + NAME + "\\s+\\d+[smh]\\S*\\s+" + master + "\\s*$"));
    }

    @Test
    @Order(2)
    void getPodsShowsEachPodReadyAndRunning() throws Exception {
        String output = succeeded("get", "pods").output();

        assertThat(output.lines().findFirst().orElse("")).matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s*");
        for (int i = 0; i < 3; i++) {
            assertThat(output).containsPattern(Pattern.compile("(?m)^" + NAME + "-" + i + "\\s+1/1\\s+Running\\s+"));
        }
    }

    @Test
    @Order(3)
    void describeShowsTheConditionsAndTheOperatorsEvents() throws Exception {
        String output = succeeded("describe", "redisreplication", NAME).output();

        assertThat(output).contains("Conditions:").containsPattern("Type:\\s+Ready");
        String events = output.substring(output.indexOf("Events:"));
        assertThat(events).doesNotContain("<none>").containsPattern("Normal\\s+\\S+\\s+.*qs-redis-operator");
    }

    @Test
    @Order(4)
    void logsShowRedisOwnLog() throws Exception {
        String output = succeeded("logs", master(), "-c", "redis").output();

        assertThat(output).contains("Ready to accept connections");
    }

    @Test
    void applyOfAnInvalidCustomResourceIsRefusedNamingTheField() throws Exception {
        Path manifest = directory.resolve("invalid.yaml");
        Files.writeString(manifest, """
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata:
                  name: invalid
                spec:
                  clusterSize: 0
                  kubernetesConfig:
                    image: redis:7.0.15
                """);

        Run run = kubectl("apply", "-f", manifest.toString());

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("is invalid").contains("spec.clusterSize").contains("greater than or equal to 1");
        assertThat(world.client().resources(io.qsredis.model.RedisCluster.class).inNamespace(TestingOperatorWorld.NAMESPACE)
                .withName("invalid").get()).as("nothing stored").isNull();
    }

    @Test
    @Order(5)
    void applyCreatesACustomResourceAndASecondApplyUpdatesIt() throws Exception {
        Path manifest = directory.resolve("applied.yaml");
        String redis = """
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: Redis
                metadata:
                  name: applied
                  labels:
                    tier: %s
                spec:
                  kubernetesConfig:
                    image: redis:7.0.15
                """;
        Files.writeString(manifest, redis.formatted("cache"));

        assertThat(succeeded("apply", "-f", manifest.toString()).output()).contains("applied created");
        assertThat(world.get(Redis.class, "applied").getMetadata().getLabels()).containsEntry("tier", "cache");

        Files.writeString(manifest, redis.formatted("session"));
        assertThat(succeeded("apply", "-f", manifest.toString()).output()).contains("applied configured");
        assertThat(world.get(Redis.class, "applied").getMetadata().getLabels()).containsEntry("tier", "session");
    }

    @Test
    @Order(6)
    void deletingTheMasterPodFailsOverAndKubectlWaitSeesTheGroupReady() throws Exception {
        String master = master();

        succeeded("delete", "pod", master);
        Await.until("kubectl to show a new master", Duration.ofSeconds(120), () -> {
            try {
                Run run = kubectl("get", "redisreplication", NAME, "-o", "jsonpath={.status.masterNode}");
                return Optional.of(run.output().trim()).filter(named -> run.exitCode() == 0 && !named.isEmpty() && !named.equals(master));
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        });

        assertThat(succeeded("wait", "--for=condition=Ready", "redisreplication/" + NAME, "--timeout=120s").output())
                .contains("condition met");
    }
}

package io.qsredis.testbed;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The testbed's processes live exactly as long as their pods, and never outlive the testbed or its JVM. */
class TestbedLifecycleMockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The command lines of every process on this machine, as {@code ps} sees them. */
    private static List<String> processCommandLines() throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-eo", "args").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(ps.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = out.lines().toList();
            ps.waitFor(5, TimeUnit.SECONDS);
            return lines;
        }
    }

    @Test
    void closingTheTestbedLeavesNoRedisProcess() throws Exception {
        Testbed testbed = Testbed.start(TestbedConfig.isolated());
        String stateDirectory = testbed.stateDirectory().toString();
        TestingResources.create(testbed.client(), "default", "replication.yaml");
        List<String> servers = List.of(
                "redis-server " + testbed.hooks().awaitReady("default", "cache-0", TIMEOUT).getStatus().getPodIP() + ":6379",
                "redis-server " + testbed.hooks().awaitReady("default", "cache-1", TIMEOUT).getStatus().getPodIP() + ":6379");
        long pid = testbed.hooks().containerPid("default", "cache-0").orElseThrow();
        assertThat(processCommandLines()).containsAll(servers);

        testbed.close();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(processCommandLines()).doesNotContainAnyElementsOf(servers).noneMatch(line -> line.contains(stateDirectory));
        assertThat(Path.of(stateDirectory)).doesNotExist();
    }

    @Test
    void deletingAStatefulSetStopsItsPodsAndKeepsItsClaimsUntilTheyAreDeleted() throws Exception {
        try (Testbed testbed = Testbed.start(TestbedConfig.isolated())) {
            TestingResources.create(testbed.client(), "default", "replication.yaml");
            testbed.hooks().awaitReady("default", "cache-0", TIMEOUT);
            testbed.hooks().awaitReady("default", "cache-1", TIMEOUT);
            long pid = testbed.hooks().containerPid("default", "cache-1").orElseThrow();

            testbed.client().apps().statefulSets().inNamespace("default").withName("cache").delete();

            testbed.hooks().awaitGone("default", "cache-0", TIMEOUT);
            testbed.hooks().awaitGone("default", "cache-1", TIMEOUT);
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(testbed.client().persistentVolumeClaims().inNamespace("default").list().getItems()).hasSize(2);
            Path data = testbed.stateDirectory().resolve("claims/default/cache-cache-1");
            assertThat(data.resolve("appendonlydir")).isDirectory();

            testbed.client().persistentVolumeClaims().inNamespace("default").withName("cache-cache-1").delete();

            Await.until("the deleted claim's data gone", TIMEOUT, () -> !Files.exists(data));
            assertThat(testbed.stateDirectory().resolve("claims/default/cache-cache-0")).isDirectory();
        }
    }

    /** A JVM running {@link TestbedChild}, and what it printed once its pod was Ready. */
    private record Child(Process jvm, long redis, Path stateDirectory) {
        static Child start() throws IOException {
            Process jvm = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-cp", System.getProperty("java.class.path"),
                            TestbedChild.class.getName())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String[] line = out.readLine().trim().split(" ");
            return new Child(jvm, Long.parseLong(line[0]), Path.of(line[1]));
        }

        boolean redisAlive() {
            return ProcessHandle.of(redis).filter(ProcessHandle::isAlive).isPresent();
        }
    }

    @Test
    void aJvmStoppedBySigtermStopsItsPodsOnTheWayOut() throws Exception {
        Child child = Child.start();
        assertThat(child.redisAlive()).isTrue();

        child.jvm().destroy();

        assertThat(child.jvm().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.redisAlive()).isFalse();
        assertThat(child.stateDirectory()).doesNotExist();
    }

    @Test
    void aJvmKilledOutrightTakesItsPodsWithIt() throws Exception {
        Child child = Child.start();
        try {
            assertThat(child.redisAlive()).isTrue();

            child.jvm().destroyForcibly();

            Await.until("the redis-server of the killed JVM gone", Duration.ofSeconds(10), () -> !child.redisAlive());
        } finally {
            Directories.deleteRecursively(child.stateDirectory());
        }
    }
}

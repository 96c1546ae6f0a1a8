package io.qsredis.it.artifacts;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's runnable jar (and so its image) carries neither the testbed nor the mock API server; the sandbox's
 * jar carries both. Reads the jars the reactor built before this module's tests.
 */
class OperatorJarCarriesNoTestbedTest {

    private static final List<String> TESTBED_PACKAGES = List.of("io/qsredis/testbed/", "io/qsredis/sandbox/");
    private static final List<String> MOCK_SERVER_PACKAGES = List.of("io/fabric8/mockwebserver/", "io/fabric8/kubernetes/client/server/mock/");

    @Test
    void theOperatorJarHasNoTestbedAndNoMockApiServer() throws IOException {
        List<String> entries = entries(jar("redis-operator.jar"));
        assertThat(entries).as("the operator's own classes are in it").anyMatch(entry -> entry.startsWith("io/qsredis/operator/"));
        assertThat(entries).noneMatch(entry -> TESTBED_PACKAGES.stream().anyMatch(entry::startsWith));
        assertThat(entries).noneMatch(entry -> MOCK_SERVER_PACKAGES.stream().anyMatch(entry::startsWith));
    }

    @Test
    void theSandboxJarHasTheOperatorTheTestbedAndTheMockApiServer() throws IOException {
        List<String> entries = entries(jar("redis-sandbox.jar"));
        assertThat(entries).anyMatch(entry -> entry.startsWith("io/qsredis/operator/"));
        assertThat(entries).anyMatch(entry -> entry.startsWith("io/qsredis/testbed/"));
        assertThat(entries).anyMatch(entry -> entry.startsWith("io/fabric8/mockwebserver/"));
    }

    private static Path jar(String property) {
        String location = System.getProperty(property);
        assertThat(location).as("system property %s (set by redis-it's pom)", property).isNotNull();
        Path jar = Path.of(location);
        assertThat(jar).as("%s is built before redis-it's tests run", property).exists();
        return jar;
    }

    private static List<String> entries(Path jar) throws IOException {
        assertThat(Files.size(jar)).isPositive();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }
}

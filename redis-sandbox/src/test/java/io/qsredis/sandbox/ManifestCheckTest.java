package io.qsredis.sandbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestCheckTest {

    @Test
    void acceptsTheExampleManifestsOfTheRepository() throws IOException {
        assertThat(ManifestCheck.problems(Files.readString(Path.of("../examples/sandbox.yaml")))).isEmpty();
    }

    @Test
    void namesTheDocumentAndTheFieldTheSchemaRejects() {
        assertThat(ManifestCheck.problems("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: pw
                ---
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: Redis
                metadata:
                  name: cache
                spec:
                  kubernetesConfig:
                    image: redis:7
                  clusterSiz: 3
                """)).singleElement().asString().startsWith("document 2 (Redis cache)").contains("clusterSiz");
    }

    @Test
    void reportsYamlThatDoesNotParse() {
        assertThat(ManifestCheck.problems("kind: [")).singleElement().asString().startsWith("not valid YAML");
    }
}

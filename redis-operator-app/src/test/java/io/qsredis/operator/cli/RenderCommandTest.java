package io.qsredis.operator.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenderCommandTest {
    private static final String FILE = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: cache-auth
            stringData:
              password: Kq7-RENDER-TEST-pw
            ---
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: Redis
            metadata:
              name: cache
              namespace: apps
            spec:
              kubernetesConfig:
                image: redis:7.0.15
                redisSecret: {name: cache-auth, key: password}
            ---
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisCluster
            metadata:
              name: sessions
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0.15
            """;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = RedisOperatorCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("resources.yaml"), content);
    }

    @Test
    void printsEveryObjectOfEveryResourceInTheFileAsYamlDocuments() throws IOException {
        assertThat(run("render", "-f", file(FILE).toString())).isZero();

        List<HasMetadata> objects = parse(out.toString());
        assertThat(objects).extracting(object -> object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName())
                .contains("StatefulSet apps/cache", "Service apps/cache-headless", "ConfigMap apps/cache-config",
                        "StatefulSet default/sessions-leader", "StatefulSet default/sessions-follower", "Service default/sessions-master",
                        "PodDisruptionBudget default/sessions-leader");
        assertThat(err.toString()).contains("skipped Secret cache-auth");
    }

    @Test
    void namespaceOptionPlacesEveryObjectInThatNamespace() throws IOException {
        assertThat(run("render", "-f", file(FILE).toString(), "-n", "shop")).isZero();

        assertThat(parse(out.toString())).isNotEmpty().allSatisfy(object -> assertThat(object.getMetadata().getNamespace()).isEqualTo("shop"));
    }

    @Test
    void printsNoSecretValueEvenWhenTheSecretIsInTheFile() throws IOException {
        assertThat(run("render", "-f", file(FILE).toString())).isZero();

        assertThat(out.toString()).contains("secretName: \"cache-auth\"").doesNotContain("Kq7-RENDER-TEST-pw");
    }

    @Test
    void anInvalidResourceFailsWithTheProblemAndPrintsNothing() throws IOException {
        String invalid = """
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisCluster
                metadata:
                  name: sessions
                spec:
                  kubernetesConfig:
                    image: redis:7.0.15
                """;

        assertThat(run("render", "-f", file(invalid).toString())).isEqualTo(1);
        assertThat(err.toString()).contains("RedisCluster sessions", "spec.clusterSize: required");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void clusterOptionsReachTheRenderedConfiguration() throws IOException {
        assertThat(run("render", "-f", file(FILE).toString(), "--cluster-domain", "corp.example", "--cluster-endpoint-type", "HOSTNAME")).isZero();

        assertThat(out.toString())
                .contains("cluster-preferred-endpoint-type hostname")
                .contains(".sessions-leader-headless.default.svc.corp.example");
    }

    private static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---$")) {
            if (!document.isBlank()) {
                objects.add(Serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }
}

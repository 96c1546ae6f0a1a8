package io.qsredis.it.cluster;

import io.qsredis.it.harness.RedisProcess;
import io.qsredis.it.operator.TestingCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.qsredis.it.cluster.ClusterTesting.cli;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster plan --cacert --cert --key} against a node that serves TLS and asks every client for a certificate
 * ({@code tls-auth-clients yes}, Redis' default): the command trusts the CA of the files given, not the JVM's store,
 * and presents their certificate.
 */
class ClusterCommandTrustsOnlyTheGivenCaIT {
    private static final int PORT = 30710;
    private static final int TLS_PORT = 31710;

    private RedisProcess node;

    @TempDir
    Path directory;

    @AfterEach
    void stopRedis() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void planReachesATlsNodeSignedByTheGivenCaPresentingTheGivenCertificate() throws IOException {
        List<Path> client = startTlsNode();

        ClusterTesting.Run plan = cli("cluster", "plan", "--nodes", "127.0.0.1:" + TLS_PORT, "--masters", "1",
                "--cacert", client.get(0).toString(), "--cert", client.get(1).toString(), "--key", client.get(2).toString());

        assertThat(plan.exitCode()).as(plan.output()).isZero();
        assertThat(plan.output()).doesNotContain("unreachable").contains("127.0.0.1:" + TLS_PORT);
    }

    @Test
    void planRefusesATlsNodeWhoseCertificateAnotherCaSigned() throws IOException {
        startTlsNode();
        List<Path> stranger = files(directory.resolve("stranger"), new TestingCertificates(Files.createDirectories(directory.resolve("other-ca")))
                .issue("stranger"));

        ClusterTesting.Run plan = cli("cluster", "plan", "--nodes", "127.0.0.1:" + TLS_PORT, "--masters", "1",
                "--cacert", stranger.get(0).toString(), "--cert", stranger.get(1).toString(), "--key", stranger.get(2).toString());

        assertThat(plan.exitCode()).as(plan.output()).isEqualTo(1);
        assertThat(plan.output()).contains("blocked: 127.0.0.1:" + TLS_PORT + " is unreachable");
    }

    /** Starts the node with a certificate of a new CA; returns the files of a client certificate that CA signed. */
    private List<Path> startTlsNode() throws IOException {
        TestingCertificates certificates = new TestingCertificates(Files.createDirectories(directory.resolve("ca")));
        List<Path> server = files(directory.resolve("server"), certificates.issue("server"));
        node = RedisProcess.start(PORT, directory.resolve("node"), Map.of("tls-port", Integer.toString(TLS_PORT), "tls-ca-cert-file", server.get(0).toString(),
                "tls-cert-file", server.get(1).toString(), "tls-key-file", server.get(2).toString()));
        return files(directory.resolve("client"), certificates.issue("client"));
    }

    /** Writes {@code pems} (by Secret key) to files in {@code into}: ca.crt, tls.crt, tls.key, in that order. */
    private static List<Path> files(Path into, Map<String, String> pems) {
        try {
            Files.createDirectories(into);
            for (Map.Entry<String, String> pem : pems.entrySet()) {
                Files.writeString(into.resolve(pem.getKey()), pem.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(into.resolve("ca.crt"), into.resolve("tls.crt"), into.resolve("tls.key"));
    }
}

package io.qsredis.operator.cli.cluster;

import io.qsredis.operator.cli.RedisOperatorCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line without any Redis: what it says about its arguments, about nodes it cannot reach, and about saved observations. */
class ClusterCommandTest {

    // Nothing listens there: in the range reserved for this project's tests, above what they use.
    private static final String NOBODY = "127.0.0.1:31999";

    private final StringWriter out = new StringWriter();

    @TempDir
    Path directory;

    private int run(String... args) {
        CommandLine cli = RedisOperatorCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void clusterListsPlanApplyAndCheck() {
        assertThat(run("cluster", "--help")).isZero();
        assertThat(out.toString()).contains("plan", "apply", "check");
    }

    @Test
    void planReportsAnUnreachableNodeAsABlockerAndFails() {
        assertThat(run("cluster", "plan", "--nodes", NOBODY, "--masters", "1")).isEqualTo(1);
        assertThat(out.toString()).contains("blocked: " + NOBODY + " is unreachable");
    }

    @Test
    void checkFailsOnANodeItCannotReach() {
        assertThat(run("cluster", "check", "--nodes", NOBODY)).isEqualTo(1);
        assertThat(out.toString()).contains("[ERR] " + NOBODY + " cannot be checked");
    }

    @Test
    void tooFewNodesForTheShapeIsAUsageError() {
        assertThat(run("cluster", "apply", "--nodes", "127.0.0.1:31998,127.0.0.1:31999", "--masters", "2", "--replicas", "1")).isEqualTo(2);
        assertThat(out.toString()).contains("2 masters with 1 replicas each need 4 nodes, got 2");
    }

    @Test
    void aNodeWithoutPortIsAUsageError() {
        assertThat(run("cluster", "plan", "--nodes", "redis-0", "--masters", "1")).isEqualTo(2);
        assertThat(out.toString()).contains("expected host:port, got 'redis-0'");
    }

    @Test
    void aCaCertificateWithoutTheClientCertificateAndKeyIsAUsageError() throws IOException {
        Path ca = Files.writeString(directory.resolve("ca.crt"), "not used");
        assertThat(run("cluster", "plan", "--nodes", NOBODY, "--masters", "1", "--cacert", ca.toString())).isEqualTo(2);
        assertThat(out.toString()).contains("--cacert, --cert and --key go together");
    }

    @Test
    void aTlsFileThatIsNotPemIsAUsageErrorNamingTheFile() throws IOException {
        Path ca = Files.writeString(directory.resolve("ca.crt"), "this is no certificate");
        Path cert = Files.writeString(directory.resolve("tls.crt"), "neither is this");
        Path key = Files.writeString(directory.resolve("tls.key"), "nor this");
        assertThat(run("cluster", "plan", "--nodes", NOBODY, "--masters", "1", "--cacert", ca.toString(), "--cert", cert.toString(),
                "--key", key.toString())).isEqualTo(2);
        assertThat(out.toString()).contains("TLS files: key \"" + ca + "\" is not PEM");
    }

    @Test
    void aPasswordVariableThatIsNotSetIsAUsageError() {
        assertThat(run("cluster", "plan", "--nodes", NOBODY, "--masters", "1", "--password-env", "QS_REDIS_SURELY_UNSET_VARIABLE")).isEqualTo(2);
        assertThat(out.toString()).contains("environment variable QS_REDIS_SURELY_UNSET_VARIABLE is not set");
    }

    @Test
    void anAclUserNeedsAPassword() {
        assertThat(run("cluster", "plan", "--nodes", NOBODY, "--masters", "1", "--user", "admin")).isEqualTo(2);
        assertThat(out.toString()).contains("--user needs --password-env");
    }

    /** One shard: 10.0.0.1 serves every slot, 10.0.0.2 replicates it and has caught up. */
    private static String savedShard() throws URISyntaxException {
        return Path.of(ClusterCommandTest.class.getResource("leaving-master.txt").toURI()).toString();
    }

    @Test
    void planFromASavedObservationFailsALeavingMasterOverToItsReplica() throws URISyntaxException {
        assertThat(run("cluster", "plan", "--observed", savedShard(), "--nodes", "10.0.0.2:6379", "--masters", "1")).isZero();
        assertThat(out.toString()).contains(
                "  1. fail over 10.0.0.1:6379 (e7d1eecc) to its replica 10.0.0.2:6379 (67ed2db8): its master leaves the cluster",
                "  2. forget 10.0.0.1:6379 (e7d1eecc) on 1 node(s)");
    }

    @Test
    void planFromASavedObservationHandsMastershipToThePreferredNode() throws URISyntaxException {
        assertThat(run("cluster", "plan", "--observed", savedShard(), "--nodes", "10.0.0.1:6379,10.0.0.2:6379+master",
                "--masters", "1", "--replicas", "1")).isZero();
        assertThat(out.toString()).contains(
                "  1. fail over 10.0.0.1:6379 (e7d1eecc) to its replica 10.0.0.2:6379 (67ed2db8): mastership returns to the node preferred as master");
    }

    @Test
    void aSavedObservationTakesNoConnectionOption() throws URISyntaxException {
        assertThat(run("cluster", "plan", "--observed", savedShard(), "--nodes", "10.0.0.2:6379", "--masters", "1", "--tls")).isEqualTo(2);
        assertThat(out.toString()).contains("--observed plans from saved answers; it takes no connection option, got --tls");
    }

    @Test
    void anObservationFileThatCannotBeReadIsAUsageError() {
        assertThat(run("cluster", "plan", "--observed", "/nonexistent/observed.txt", "--nodes", NOBODY, "--masters", "1")).isEqualTo(2);
        assertThat(out.toString()).contains("cannot read /nonexistent/observed.txt");
    }
}

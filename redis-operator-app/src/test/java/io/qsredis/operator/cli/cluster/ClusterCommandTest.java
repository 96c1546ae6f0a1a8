package io.qsredis.operator.cli.cluster;

import io.qsredis.operator.cli.RedisOperatorCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line without any Redis: what it says about its arguments, and about nodes it cannot reach. */
class ClusterCommandTest {

    // Nothing listens there: in the range reserved for this project's tests, above what they use.
    private static final String NOBODY = "127.0.0.1:31999";

    private final StringWriter out = new StringWriter();

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
    void aPasswordVariableThatIsNotSetIsAUsageError() {
        assertThat(run("cluster", "plan", "--nodes", NOBODY, "--masters", "1", "--password-env", "QS_REDIS_SURELY_UNSET_VARIABLE")).isEqualTo(2);
        assertThat(out.toString()).contains("environment variable QS_REDIS_SURELY_UNSET_VARIABLE is not set");
    }

    @Test
    void anAclUserNeedsAPassword() {
        assertThat(run("cluster", "plan", "--nodes", NOBODY, "--masters", "1", "--user", "admin")).isEqualTo(2);
        assertThat(out.toString()).contains("--user needs --password-env");
    }
}

package io.qsredis.operator.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class RedisOperatorCommandTest {

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = RedisOperatorCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void versionNamesTheProjectVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("qs-redis-operator ").doesNotContain("${");
    }

    @Test
    void helpListsTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: redis-operator.jar");
    }
}

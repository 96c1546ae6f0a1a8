package io.qsredis.sandbox;

import io.qsredis.operator.cli.RedisOperatorCommand;
import picocli.CommandLine;

/**
 * {@code java -jar redis-sandbox.jar <subcommand>}: redis-operator.jar's command line (run, render, cluster) plus
 * {@code sandbox}, which needs the testbed that the operator's own jar does not carry.
 */
public final class SandboxMain {

    private SandboxMain() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The operator's command line with the {@code sandbox} subcommand; tests execute it in-process. */
    public static CommandLine commandLine() {
        CommandLine line = RedisOperatorCommand.commandLine();
        line.setCommandName("redis-sandbox.jar");
        line.addSubcommand("sandbox", new SandboxCommand());
        return line;
    }
}

package io.qsredis.operator.cli;

import io.qsredis.operator.cli.cluster.ClusterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The one command line of the project: {@code java -jar redis-operator.jar <subcommand>}. */
@Command(
        name = "redis-operator.jar",
        mixinStandardHelpOptions = true,
        versionProvider = RedisOperatorCommand.Version.class,
        description = "A Kubernetes operator for Redis serving the redis.redis.opstreelabs.in/v1beta2 API.",
        subcommands = {CommandLine.HelpCommand.class, RenderCommand.class, ClusterCommand.class, RunCommand.class})
public final class RedisOperatorCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests execute it in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new RedisOperatorCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = RedisOperatorCommand.class.getResourceAsStream("/io/qsredis/operator/version.properties")) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"qs-redis-operator " + properties.getProperty("version")};
        }
    }
}

package io.qsredis.it.cluster;

import io.qsredis.it.harness.RedisProcess;
import io.qsredis.operator.cli.RedisOperatorCommand;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterNode;
import io.qsredis.topology.cluster.ClusterNodesParser;
import io.qsredis.topology.exec.RedisConnectionSettings;
import io.qsredis.topology.exec.RedisConnector;
import picocli.CommandLine;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** What the cluster ITs share: running our command line and redis-cli, and reading CLUSTER NODES. */
final class ClusterTesting {

    static final RedisConnector CONNECTOR = new RedisConnector(RedisConnectionSettings.defaults());

    private ClusterTesting() {}

    record Run(int exitCode, String output) {}

    /** {@code redis-operator.jar <args>}, in this JVM. */
    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = RedisOperatorCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }

    /** {@code java -jar redis-operator.jar <args>} as its own process, with extra environment variables. */
    static Process startJar(Map<String, String> environment, String... args) {
        String jar = System.getProperty("redis-operator.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("redis-operator.jar not built: " + jar);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the jar to its end. */
    static Run runJar(Map<String, String> environment, String... args) {
        Process process = startJar(environment, args);
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-operator.jar did not finish");
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            process.destroyForcibly();
        }
    }

    static String nodesArgument(List<RedisProcess> nodes, List<String> domains) {
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            specs.add(nodes.get(i).endpoint() + (domains.isEmpty() ? "" : "@" + domains.get(i)));
        }
        return String.join(",", specs);
    }

    /** {@code redis-cli --cluster check}, its exit code and its output without colours. */
    static Run redisCliCheck(Endpoint node, String... authArgs) {
        List<String> command = new ArrayList<>(List.of("redis-cli"));
        command.addAll(List.of(authArgs));
        command.addAll(List.of("--cluster", "check", node.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster check did not finish");
            }
            return new Run(process.exitValue(), output.replaceAll("\u001B\\[[0-9;]*m", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<ClusterNode> clusterNodes(Endpoint node) {
        return clusterNodes(CONNECTOR, node);
    }

    static List<ClusterNode> clusterNodes(RedisConnector connector, Endpoint node) {
        try (Jedis jedis = connector.connect(node)) {
            return ClusterNodesParser.parse(new String((byte[]) jedis.sendCommand(Protocol.Command.CLUSTER, "NODES"), StandardCharsets.UTF_8));
        }
    }

    static List<ClusterNode> masters(List<ClusterNode> view) {
        return view.stream().filter(n -> n.isMaster() && n.slotCount() > 0).collect(Collectors.toList());
    }

    static List<ClusterNode> replicasOf(List<ClusterNode> view, ClusterNode master) {
        return view.stream().filter(n -> n.masterId().map(master.id()::equals).orElse(false)).toList();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

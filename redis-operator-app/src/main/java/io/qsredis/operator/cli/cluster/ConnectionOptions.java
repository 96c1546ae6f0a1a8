package io.qsredis.operator.cli.cluster;

import io.qsredis.topology.exec.RedisConnectionSettings;
import io.qsredis.topology.exec.RedisConnector;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;

/** How the cluster commands reach the nodes. The password comes from the environment, never from the command line. */
final class ConnectionOptions {

    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the password of the nodes.")
    String passwordEnv;

    @Option(names = "--user", paramLabel = "USER", description = "ACL user (needs --password-env).")
    String user;

    @Option(names = "--tls", description = "Connect with TLS; certificates are checked against the JVM trust store.")
    boolean tls;

    @Option(names = "--connect-timeout-ms", paramLabel = "MS", defaultValue = "2000", description = "Connect timeout (default: ${DEFAULT-VALUE}).")
    int connectTimeoutMillis;

    @Option(names = "--socket-timeout-ms", paramLabel = "MS", defaultValue = "10000", description = "Reply timeout (default: ${DEFAULT-VALUE}).")
    int socketTimeoutMillis;

    RedisConnector connector() {
        var settings = RedisConnectionSettings.builder()
                .connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                .socketTimeout(Duration.ofMillis(socketTimeoutMillis))
                .tls(tls);
        if (passwordEnv != null) {
            String password = System.getenv(passwordEnv);
            if (password == null) {
                throw new ParameterException(spec.commandLine(), "environment variable " + passwordEnv + " is not set");
            }
            settings.password(password);
        }
        if (user != null) {
            if (passwordEnv == null) {
                throw new ParameterException(spec.commandLine(), "--user needs --password-env");
            }
            settings.user(user);
        }
        return new RedisConnector(settings.build());
    }
}

package io.qsredis.operator.cli.cluster;

import io.qsredis.operator.tls.TlsMaterial;
import io.qsredis.renderer.model.TlsSettings;
import io.qsredis.topology.exec.RedisConnectionSettings;
import io.qsredis.topology.exec.RedisConnector;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the cluster commands reach the nodes. The password comes from the environment, never from the command line. */
final class ConnectionOptions {

    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the password of the nodes.")
    String passwordEnv;

    @Option(names = "--user", paramLabel = "USER", description = "ACL user (needs --password-env).")
    String user;

    @Option(names = "--tls", description = "Connect with TLS; without --cacert, certificates are checked against the JVM trust store.")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Connect with TLS, trusting only the CA certificates of this PEM file "
            + "(a resource's ca.crt); the nodes' names are not checked, their chains are. Needs --cert and --key.")
    Path caCert;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM certificate (chain) presented to nodes that ask for one (tls.crt).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert (tls.key).")
    Path key;

    @Option(names = "--connect-timeout-ms", paramLabel = "MS", defaultValue = "2000", description = "Connect timeout (default: ${DEFAULT-VALUE}).")
    int connectTimeoutMillis;

    @Option(names = "--socket-timeout-ms", paramLabel = "MS", defaultValue = "10000", description = "Reply timeout (default: ${DEFAULT-VALUE}).")
    int socketTimeoutMillis;

    RedisConnector connector() {
        var settings = RedisConnectionSettings.builder()
                .connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                .socketTimeout(Duration.ofMillis(socketTimeoutMillis))
                .tls(tls);
        material().ifPresent(material -> settings.tls(true).sslSocketFactory(material.socketFactory()).sslParameters(TlsMaterial.chainOnly()));
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

    /** The TLS files given, read and checked as the operator checks a resource's TLS Secret. */
    private Optional<TlsMaterial> material() {
        if (caCert == null && cert == null && key == null) {
            return Optional.empty();
        }
        if (caCert == null || cert == null || key == null) {
            throw new ParameterException(spec.commandLine(), "--cacert, --cert and --key go together");
        }
        Map<String, byte[]> files = new HashMap<>();
        for (Path file : List.of(caCert, cert, key)) {
            try {
                files.put(file.toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
            }
        }
        TlsMaterial.Check check = TlsMaterial.check(files, new TlsSettings(null, caCert.toString(), cert.toString(), key.toString()), Instant.now());
        return Optional.of(check.material().orElseThrow(() -> new ParameterException(spec.commandLine(), "TLS files: " + check.problem().orElseThrow())));
    }
}

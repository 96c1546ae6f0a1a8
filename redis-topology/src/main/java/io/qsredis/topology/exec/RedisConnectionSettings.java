package io.qsredis.topology.exec;

import org.immutables.value.Value;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * How to open a connection to any node: timeouts, credentials (a password, or an ACL user and its
 * password) and TLS. The password is redacted from {@link #toString()}. With TLS and no socket factory, the JVM's
 * default trust store decides which certificates are accepted ({@code javax.net.ssl.trustStore}); a socket factory
 * (one that trusts a given CA and presents a client certificate) decides instead.
 */
@Value.Immutable
public abstract class RedisConnectionSettings {

    @Value.Default
    public Duration connectTimeout() {
        return Duration.ofSeconds(2);
    }

    @Value.Default
    public Duration socketTimeout() {
        return Duration.ofSeconds(10);
    }

    public abstract Optional<String> user();

    @Value.Redacted
    public abstract Optional<String> password();

    @Value.Default
    public boolean tls() {
        return false;
    }

    /** Implies {@link #tls()}: the factory of every TLS connection. */
    @Value.Auxiliary
    public abstract Optional<SSLSocketFactory> sslSocketFactory();

    /**
     * The parameters of every TLS connection; without them Jedis verifies the server's name against its certificate
     * (HTTPS endpoint identification), which a caller that reaches nodes by IP may not want.
     */
    @Value.Auxiliary
    public abstract Optional<SSLParameters> sslParameters();

    public static ImmutableRedisConnectionSettings.Builder builder() {
        return ImmutableRedisConnectionSettings.builder();
    }

    public static RedisConnectionSettings defaults() {
        return builder().build();
    }

    @Value.Check
    protected void check() {
        if (user().isPresent() && password().isEmpty()) {
            throw new IllegalArgumentException("an ACL user needs a password");
        }
        if (connectTimeout().isZero() || connectTimeout().isNegative() || socketTimeout().isZero() || socketTimeout().isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}

package io.qsredis.operator.redis;

import io.qsredis.operator.tls.TlsMaterial;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A connection to one Redis or Sentinel process, authenticated with the first of several candidate passwords that
 * the process accepts; remembers which, so that the caller can tell a process that still runs an old password.
 * Every connection has a connect and a read timeout, so that a pass never hangs on a dead process.
 */
public final class NodeSession implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

    private final Jedis jedis;
    private final Optional<String> password;
    private final boolean desired;

    private NodeSession(Jedis jedis, Optional<String> password, boolean desired) {
        this.jedis = jedis;
        this.password = password;
        this.desired = desired;
    }

    /**
     * Connects to {@code endpoint} with each of the login's password candidates in turn until one is accepted.
     *
     * @throws JedisAccessControlException when none is (the last refusal)
     * @throws redis.clients.jedis.exceptions.JedisConnectionException when the process does not answer
     */
    public static NodeSession open(HostAndPort endpoint, Login login) {
        List<Optional<String>> candidates = login.passwords();
        JedisDataException refused = null;
        for (int i = 0; i < candidates.size(); i++) {
            Optional<String> password = candidates.get(i);
            DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                    .autoNegotiateProtocol(false)
                    .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                    .socketTimeoutMillis((int) SOCKET_TIMEOUT.toMillis());
            password.ifPresent(config::password);
            if (password.isPresent()) {
                login.user().ifPresent(config::user);
            }
            login.tls().ifPresent(factory -> config.ssl(true).sslSocketFactory(factory).sslParameters(TlsMaterial.chainOnly()));
            Jedis jedis;
            try {
                // Connects and authenticates at once.
                jedis = new Jedis(endpoint, config.build());
            } catch (JedisDataException e) {
                refused = e;
                continue;
            }
            try {
                if (password.isEmpty()) {
                    // Without AUTH nothing was checked yet: a process that requires a password refuses PING.
                    jedis.ping();
                }
                return new NodeSession(jedis, password, i == 0);
            } catch (JedisDataException e) {
                jedis.close();
                refused = e;
            }
        }
        throw refused instanceof JedisAccessControlException denied ? denied : new JedisAccessControlException(
                refused == null ? "no password to try" : refused.getMessage());
    }

    public Jedis jedis() {
        return jedis;
    }

    /** The password the process accepted. */
    public Optional<String> password() {
        return password;
    }

    /** Whether the process accepted the desired (first) candidate, rather than an older one. */
    public boolean acceptedDesired() {
        return desired;
    }

    @Override
    public void close() {
        jedis.close();
    }
}

package io.qsredis.topology.exec;

import io.qsredis.topology.Endpoint;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.time.Duration;

/** Opens Jedis connections with the configured timeouts, credentials and TLS; every connection has both timeouts. */
public final class RedisConnector {

    private final RedisConnectionSettings settings;

    public RedisConnector(RedisConnectionSettings settings) {
        this.settings = settings;
    }

    public RedisConnectionSettings settings() {
        return settings;
    }

    /** A new connection, connected and authenticated; the caller closes it. */
    public Jedis connect(Endpoint endpoint) {
        return connect(endpoint, settings.socketTimeout());
    }

    /** A new connection whose replies may take up to {@code socketTimeout} (a pipeline of MIGRATE commands). */
    public Jedis connect(Endpoint endpoint, Duration socketTimeout) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(settings.connectTimeout()))
                .socketTimeoutMillis(millis(socketTimeout))
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .autoNegotiateProtocol(false)
                .ssl(settings.tls() || settings.sslSocketFactory().isPresent());
        settings.sslSocketFactory().ifPresent(config::sslSocketFactory);
        settings.sslParameters().ifPresent(config::sslParameters);
        settings.user().ifPresent(config::user);
        settings.password().ifPresent(config::password);
        Jedis jedis = new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), config.build());
        try {
            jedis.connect();
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
        return jedis;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}

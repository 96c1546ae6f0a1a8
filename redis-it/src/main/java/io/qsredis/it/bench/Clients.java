package io.qsredis.it.bench;

import redis.clients.jedis.DefaultJedisClientConfig;

import java.time.Duration;

/** Jedis client settings shared by every measurement: RESP2, explicit timeouts, an optional password. */
final class Clients {
    private Clients() {}

    static DefaultJedisClientConfig config(String password, Duration timeout) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .autoNegotiateProtocol(false)
                .timeoutMillis((int) timeout.toMillis());
        if (password != null) {
            builder.password(password);
        }
        return builder.build();
    }
}

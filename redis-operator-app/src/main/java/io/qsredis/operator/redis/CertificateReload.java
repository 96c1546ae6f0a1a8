package io.qsredis.operator.redis;

import redis.clients.jedis.Jedis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes a Redis server load its certificate, key and CA again from the files it was started with: {@code CONFIG SET}
 * of the three file settings to their own values, in one command (Redis 7), so that a renewed certificate is served
 * without a restart; Redis refuses it whole when the files do not fit together, and keeps serving the old one.
 */
public final class CertificateReload {
    private static final String[] FILES = {"tls-cert-file", "tls-key-file", "tls-ca-cert-file"};

    private CertificateReload() {}

    /** Reloads; the paths are the process's own, so the operator never assumes where the files are mounted. */
    public static void reload(Jedis jedis) {
        Map<String, String> files = new LinkedHashMap<>();
        jedis.configGet(FILES).forEach((name, path) -> {
            if (path != null && !path.isEmpty()) {
                files.put(name, path);
            }
        });
        jedis.configSet(files);
    }
}

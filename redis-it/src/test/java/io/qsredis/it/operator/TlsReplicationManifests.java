package io.qsredis.it.operator;

import io.qsredis.it.fixtures.SentinelGroupManifests;

import java.util.Map;

/**
 * The Sentinel-watched replication of {@link SentinelGroupManifests} with TLS: the Secrets {@code app-auth} and
 * {@code app-tls}, a RedisReplication {@code app} of 3 and a RedisSentinel {@code app} of 3, both with {@code spec.TLS}.
 */
final class TlsReplicationManifests {
    static final String GROUP = "mymaster";
    private static final String TLS = """
              TLS:
                secret:
                  secretName: app-tls
            """;

    private TlsReplicationManifests() {}

    /** Every manifest, as one apply (the testbed's apply prunes what a later one leaves out). */
    static String all(String password, Map<String, String> certificate) {
        return SentinelGroupManifests.secret(password) + "---\n" + TestingCertificates.secret("app-tls", certificate) + "---\n"
                + SentinelGroupManifests.withSentinels(SentinelGroupManifests.replication() + TLS, GROUP, 5000) + TLS;
    }
}

package io.qsredis.renderer.model;

/**
 * The defaults of the v1beta2 API (API.md). A real API server applies the CRD defaults; the test API server
 * does not, so the views apply them again here.
 */
public final class ApiDefaults {
    public static final int REDIS_PORT = 6379;
    public static final int SENTINEL_PORT = 26379;
    public static final int EXPORTER_PORT = 9121;
    public static final int BUS_PORT_OFFSET = 10000;
    public static final String CLUSTER_VERSION = "v7";
    public static final int SENTINEL_CLUSTER_SIZE = 3;
    public static final int EMBEDDED_SENTINEL_SIZE = 3;
    public static final String MASTER_GROUP_NAME = "myMaster";
    public static final int QUORUM = 2;
    public static final int PARALLEL_SYNCS = 1;
    public static final long FAILOVER_TIMEOUT_MS = 10000;
    public static final long DOWN_AFTER_MS = 5000;
    public static final boolean RESOLVE_HOSTNAMES = false;
    public static final boolean ANNOUNCE_HOSTNAMES = false;
    public static final String TLS_CA_FILE = "ca.crt";
    public static final String TLS_CERT_FILE = "tls.crt";
    public static final String TLS_KEY_FILE = "tls.key";

    private ApiDefaults() {}
}

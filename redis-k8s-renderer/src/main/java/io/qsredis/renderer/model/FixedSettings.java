package io.qsredis.renderer.model;

/**
 * What the rendered objects fix and the API does not let a user set: the ports of standalone and replication servers
 * and of Sentinels, the cluster bus offset, the group name of a replication's own Sentinels, and the TLS file names
 * that upstream's operator falls back to when the spec names none. The API's defaults are not here: they live in
 * the CRD schema (the model's {@code @Default}s), which the API server applies and the views apply through
 * {@link io.qsredis.model.schema.CrdDefaults}.
 */
public final class FixedSettings {
    public static final int REDIS_PORT = 6379;
    public static final int SENTINEL_PORT = 26379;
    public static final int BUS_PORT_OFFSET = 10000;
    public static final String MASTER_GROUP_NAME = "myMaster";
    public static final String TLS_CA_FILE = "ca.crt";
    public static final String TLS_CERT_FILE = "tls.crt";
    public static final String TLS_KEY_FILE = "tls.key";

    private FixedSettings() {}
}

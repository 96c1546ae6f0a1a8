package io.qsredis.renderer.config;

import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.model.ClusterSettings;
import io.qsredis.renderer.model.RedisSettings;
import io.qsredis.renderer.model.ServerSetModel;
import io.qsredis.renderer.model.SetupType;
import io.qsredis.renderer.model.TlsSettings;

/**
 * The redis.conf of a StatefulSet. It holds only what Redis reads at start and cannot take live, so that its
 * hash tells when pods need a restart; the live-settable settings are in {@link #liveConf live.conf}, and the
 * password and the pod's identity in files the {@code config} init container writes. Order matters: later lines
 * win, and the user's additional configuration is included last.
 */
public final class RedisConf {
    /** Where a replication's servers replicate from until told otherwise: an address nothing listens on. */
    public static final String NOWHERE_HOST = "127.0.0.1";
    public static final int NOWHERE_PORT = 1;
    /** Upstream's default {@code cluster-node-timeout}. */
    public static final int CLUSTER_NODE_TIMEOUT_MILLIS = 5000;

    private RedisConf() {}

    public static String redisConf(ServerSetModel model) {
        RedisSettings redis = model.redis();
        StringBuilder conf = new StringBuilder()
                .append("# redis.conf of StatefulSet ").append(model.name()).append(", rendered by qs-redis-operator from ")
                .append(model.owner().kind()).append(' ').append(model.owner().name()).append(".\n")
                .append("protected-mode no\n");
        if (redis.tls().isPresent()) {
            tls(conf, redis.tls().get(), model);
        } else {
            conf.append("port ").append(model.port()).append('\n');
        }
        conf.append("dir ").append(PodLayout.DATA_DIR).append('\n');
        if (redis.persistence()) {
            conf.append("save 3600 1 300 100 60 10000\n").append("appendonly yes\n");
        } else {
            conf.append("save \"\"\n").append("appendonly no\n");
        }
        if (model.setupType() == SetupType.REPLICATION) {
            // Every server of a replication starts as a replica of nothing (this address refuses): read-only and no source
            // a replica could resync from, until the operator or Sentinel names the master. A master that restarts without
            // its data can then neither acknowledge writes it would lose nor wipe its replicas, even while the operator is down.
            conf.append("replicaof ").append(NOWHERE_HOST).append(' ').append(NOWHERE_PORT).append('\n');
        }
        model.cluster().ifPresent(cluster -> cluster(conf, cluster));
        if (redis.acl().isPresent()) {
            conf.append("aclfile ").append(PodLayout.ACL_FILE).append('\n');
        }
        conf.append("include ").append(PodLayout.LIVE_CONF).append('\n');
        conf.append("include ").append(PodLayout.AUTH_CONF).append('\n');
        if (writesPodConf(model)) {
            conf.append("include ").append(PodLayout.POD_CONF).append('\n');
        }
        redis.additionalConfigMap().ifPresent(name -> conf.append("include ")
                .append(PodLayout.ADDITIONAL_CONFIG_DIR).append('/').append(PodLayout.ADDITIONAL_REDIS_CONF_KEY).append('\n'));
        return conf.toString();
    }

    /** Settings the operator also applies with CONFIG SET: {@code maxmemory}, then {@code dynamicConfig} in order. */
    public static String liveConf(ServerSetModel model) {
        StringBuilder conf = new StringBuilder("# Settings the operator applies live with CONFIG SET; changing them restarts no pod.\n");
        model.redis().maxmemoryBytes().ifPresent(bytes -> conf.append("maxmemory ").append(bytes).append('\n'));
        model.redis().dynamicConfig().forEach(line -> conf.append(line).append('\n'));
        return conf.toString();
    }

    /** Cluster nodes that announce their DNS name need a per-pod file. */
    public static boolean writesPodConf(ServerSetModel model) {
        return model.cluster().map(ClusterSettings::announceHostname).orElse(false);
    }

    private static void tls(StringBuilder conf, TlsSettings tls, ServerSetModel model) {
        conf.append("port 0\n")
                .append("tls-port ").append(model.port()).append('\n')
                .append("tls-cert-file ").append(PodLayout.TLS_DIR).append('/').append(tls.certFile()).append('\n')
                .append("tls-key-file ").append(PodLayout.TLS_DIR).append('/').append(tls.keyFile()).append('\n')
                .append("tls-ca-cert-file ").append(PodLayout.TLS_DIR).append('/').append(tls.caFile()).append('\n')
                .append("tls-auth-clients optional\n");
        if (model.setupType() != SetupType.STANDALONE) {
            conf.append("tls-replication yes\n");
        }
        if (model.cluster().isPresent()) {
            conf.append("tls-cluster yes\n");
        }
    }

    private static void cluster(StringBuilder conf, ClusterSettings cluster) {
        // Upstream's 5000 ms rather than Redis' 15000: a dead master is failed over in seconds. A user's
        // redisConfig (dynamicConfig, or the additional redis.conf) comes later and wins.
        conf.append("cluster-enabled yes\n")
                .append("cluster-node-timeout ").append(CLUSTER_NODE_TIMEOUT_MILLIS).append('\n')
                .append("cluster-config-file ")
                .append(cluster.nodeConfClaim().isPresent() ? PodLayout.NODE_CONF_DIR : PodLayout.DATA_DIR)
                .append('/').append(PodLayout.NODES_CONF_FILE_NAME).append('\n');
        if (cluster.announceHostname()) {
            conf.append("cluster-preferred-endpoint-type ").append(cluster.preferredEndpointType().configValue()).append('\n');
        }
    }
}

package io.qsredis.renderer.config;

import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.model.SentinelSetModel;
import io.qsredis.renderer.model.TlsSettings;

/**
 * The start of every Sentinel's sentinel.conf. The {@code sentinel-config} init container copies it to a writable
 * file and appends the Sentinel's password and the user's additional configuration. It names no master group:
 * Sentinel rejects group settings before {@code SENTINEL MONITOR}, which the operator sends once it knows the master.
 */
public final class SentinelConf {
    private SentinelConf() {}

    public static String sentinelConf(SentinelSetModel model) {
        StringBuilder conf = new StringBuilder()
                .append("# sentinel.conf of StatefulSet ").append(model.name()).append(", rendered by qs-redis-operator from ")
                .append(model.owner().kind()).append(' ').append(model.owner().name()).append(".\n")
                .append("protected-mode no\n");
        if (model.tls().isPresent()) {
            TlsSettings tls = model.tls().get();
            conf.append("port 0\n")
                    .append("tls-port ").append(model.port()).append('\n')
                    .append("tls-cert-file ").append(PodLayout.TLS_DIR).append('/').append(tls.certFile()).append('\n')
                    .append("tls-key-file ").append(PodLayout.TLS_DIR).append('/').append(tls.keyFile()).append('\n')
                    .append("tls-ca-cert-file ").append(PodLayout.TLS_DIR).append('/').append(tls.caFile()).append('\n')
                    .append("tls-auth-clients optional\n")
                    .append("tls-replication yes\n");
        } else {
            conf.append("port ").append(model.port()).append('\n');
        }
        conf.append("dir ").append(PodLayout.RUNTIME_DIR).append('\n')
                .append("sentinel resolve-hostnames ").append(model.resolveHostnames() ? "yes" : "no").append('\n')
                .append("sentinel announce-hostnames ").append(model.announceHostnames() ? "yes" : "no").append('\n');
        return conf.toString();
    }
}

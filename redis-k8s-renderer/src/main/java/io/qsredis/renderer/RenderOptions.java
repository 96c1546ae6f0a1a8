package io.qsredis.renderer;

import java.util.Objects;

/**
 * How the renderer names things it cannot read from a custom resource.
 *
 * @param clusterDomain the DNS domain of the Kubernetes cluster, used in pod DNS names
 *     ({@code <pod>.<sts>-headless.<ns>.svc.<domain>})
 * @param clusterEndpointType what Redis Cluster nodes tell clients to connect to in MOVED/ASK redirects and
 *     {@code CLUSTER SLOTS}/{@code CLUSTER SHARDS}; nodes announce their DNS name either way
 */
public record RenderOptions(String clusterDomain, ClusterEndpointType clusterEndpointType) {
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

    public RenderOptions {
        Objects.requireNonNull(clusterDomain, "clusterDomain");
        Objects.requireNonNull(clusterEndpointType, "clusterEndpointType");
        if (clusterDomain.isBlank()) {
            throw new IllegalArgumentException("clusterDomain must not be blank");
        }
    }

    /** {@code cluster.local} and IP endpoints: what every client and every runtime can use. */
    public static RenderOptions defaults() {
        return new RenderOptions(DEFAULT_CLUSTER_DOMAIN, ClusterEndpointType.IP);
    }

    /**
     * Redis 7 {@code cluster-preferred-endpoint-type}. {@link #IP} is the default because every client and
     * the local testbed can reach a pod IP, while hostnames need clients that resolve the cluster's DNS
     * (inside Kubernetes) and support hostname endpoints. {@link #HOSTNAME} keeps client routing stable when
     * pods restart with new IPs.
     */
    public enum ClusterEndpointType {
        IP("ip"),
        HOSTNAME("hostname");

        private final String configValue;

        ClusterEndpointType(String configValue) {
            this.configValue = configValue;
        }

        /** The value of {@code cluster-preferred-endpoint-type} in redis.conf. */
        public String configValue() {
            return configValue;
        }
    }
}

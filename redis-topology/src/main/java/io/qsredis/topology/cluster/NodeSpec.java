package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;

/**
 * A node that should be a member of the cluster, and its failure domain: the unit that fails as a
 * whole (a Kubernetes node, a zone, a VM host). Replicas are kept off their master's domain. A node
 * {@link #preferredMaster()} is the one its shard should be served by: it takes master places first, and
 * mastership returns to it after a failover once it has caught up.
 */
public record NodeSpec(Endpoint endpoint, String failureDomain, boolean preferredMaster) implements Comparable<NodeSpec> {

    /** The suffix of {@link #parse} that marks a node preferred as master. */
    public static final String PREFERRED_MASTER_SUFFIX = "+master";

    public NodeSpec {
        if (failureDomain == null || failureDomain.isBlank()) {
            throw new IllegalArgumentException("failure domain of " + endpoint + " must not be blank");
        }
    }

    /** A node with no preference for the master role. */
    public NodeSpec(Endpoint endpoint, String failureDomain) {
        this(endpoint, failureDomain, false);
    }

    /** A node whose failure domain is its host. */
    public static NodeSpec of(Endpoint endpoint) {
        return new NodeSpec(endpoint, endpoint.host());
    }

    /**
     * Parses {@code host:port}, {@code host:port@domain}, and either followed by {@code +master} for a node
     * preferred as master ({@code redis-0.redis:6379@zone-a+master}). A failure domain holds no {@code +}.
     */
    public static NodeSpec parse(String text) {
        String spec = text.trim();
        boolean preferred = spec.endsWith(PREFERRED_MASTER_SUFFIX);
        if (preferred) {
            spec = spec.substring(0, spec.length() - PREFERRED_MASTER_SUFFIX.length());
        }
        int at = spec.lastIndexOf('@');
        Endpoint endpoint = Endpoint.parse(at < 0 ? spec : spec.substring(0, at));
        String domain = at < 0 ? endpoint.host() : spec.substring(at + 1).trim();
        if (domain.indexOf('+') >= 0) {
            throw new IllegalArgumentException("expected host:port[@domain][" + PREFERRED_MASTER_SUFFIX + "], got '" + text + "'");
        }
        return new NodeSpec(endpoint, domain, preferred);
    }

    @Override
    public int compareTo(NodeSpec other) {
        return endpoint.compareTo(other.endpoint);
    }

    /** The text {@link #parse} reads back. */
    @Override
    public String toString() {
        return endpoint + "@" + failureDomain + (preferredMaster ? PREFERRED_MASTER_SUFFIX : "");
    }
}

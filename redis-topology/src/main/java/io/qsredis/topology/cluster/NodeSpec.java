package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;

/**
 * A node that should be a member of the cluster, and its failure domain: the unit that fails as a
 * whole (a Kubernetes node, a zone, a VM host). Replicas are kept off their master's domain.
 */
public record NodeSpec(Endpoint endpoint, String failureDomain) implements Comparable<NodeSpec> {

    public NodeSpec {
        if (failureDomain == null || failureDomain.isBlank()) {
            throw new IllegalArgumentException("failure domain of " + endpoint + " must not be blank");
        }
    }

    /** A node whose failure domain is its host. */
    public static NodeSpec of(Endpoint endpoint) {
        return new NodeSpec(endpoint, endpoint.host());
    }

    /** Parses {@code host:port} or {@code host:port@domain}. */
    public static NodeSpec parse(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return of(Endpoint.parse(text));
        }
        return new NodeSpec(Endpoint.parse(text.substring(0, at)), text.substring(at + 1).trim());
    }

    @Override
    public int compareTo(NodeSpec other) {
        return endpoint.compareTo(other.endpoint);
    }

    @Override
    public String toString() {
        return endpoint + "@" + failureDomain;
    }
}

package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;

/** A cluster node named in a step: its id, and the endpoint the executor connects to. */
public record NodeRef(String id, Endpoint endpoint) {

    @Override
    public String toString() {
        return endpoint + " (" + (id.length() > 8 ? id.substring(0, 8) : id) + ")";
    }
}

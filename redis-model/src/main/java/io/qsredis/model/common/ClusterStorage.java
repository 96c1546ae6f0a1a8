package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/** Storage of a Redis Cluster node: the data volume plus the volume that keeps nodes.conf. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterStorage extends Storage {
    /** Keeps the cluster's nodes.conf on its own volume (node-conf-STS-i), so node IDs survive restarts. */
    @Default("false")
    public Boolean nodeConfVolume;

    public PersistentVolumeClaim nodeConfVolumeClaimTemplate;
}

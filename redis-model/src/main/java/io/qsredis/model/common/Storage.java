package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/** The data volume (mounted at /data) and extra volumes of a Redis pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Storage {
    /** Keeps the PVCs when the CR is deleted. */
    public Boolean keepAfterDelete;

    public PersistentVolumeClaim volumeClaimTemplate;
    public AdditionalVolume volumeMount;
}

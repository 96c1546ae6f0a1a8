package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.List;

/** Volumes the user adds to the pods, and where the Redis container mounts them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AdditionalVolume {
    public List<Volume> volume;
    public List<VolumeMount> mountPath;
}

package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/** Spec fields of the kinds with a single StatefulSet: placement, probes and the container's security context. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class PodSpec extends CommonSpec {
    public Map<String, String> nodeSelector;
    public SecurityContext securityContext;
    public Affinity affinity;
    public List<Toleration> tolerations;
    public Probe readinessProbe;
    public Probe livenessProbe;

    @Min(0)
    public Long terminationGracePeriodSeconds;
}

package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;

import java.util.List;

/** Spec fields every kind has. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class CommonSpec {
    @Required
    public KubernetesConfig kubernetesConfig;

    public RedisExporter redisExporter;
    public PodSecurityContext podSecurityContext;
    public String priorityClassName;

    @JsonProperty("TLS")
    public TLSConfig TLS;

    public InitContainer initContainer;
    public List<Sidecar> sidecars;
    public String serviceAccountName;
    public List<EnvVar> env;

    /** 0, as in upstream and Kubernetes, is no host port. */
    @Min(0)
    @Max(65535)
    public Integer hostPort;
}

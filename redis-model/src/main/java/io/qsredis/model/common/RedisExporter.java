package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;

/** The Prometheus redis_exporter sidecar and its -metrics Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisExporter {
    public Boolean enabled;

    @Default("9121")
    @Min(1)
    @Max(65535)
    public Integer port;

    @Required
    public String image;

    public ResourceRequirements resources;
    public String imagePullPolicy;
    public List<EnvVar> env;
    public SecurityContext securityContext;
}

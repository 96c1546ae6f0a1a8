package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;

/** A user init container run before Redis starts, with the data volume mounted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InitContainer {
    public Boolean enabled;

    @Required
    public String image;

    public String imagePullPolicy;
    public ResourceRequirements resources;
    public List<EnvVar> env;
    public List<String> command;
    public List<String> args;
    public SecurityContext securityContext;
}

package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.List;

/** An extra container in every Redis pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Sidecar {
    @Required
    public String name;

    @Required
    public String image;

    public String imagePullPolicy;
    public ResourceRequirements resources;
    public List<EnvVar> env;

    /** Volume mounts of the sidecar (the upstream API names this list mountPath). */
    public List<VolumeMount> mountPath;

    public List<String> command;
    public List<ContainerPort> ports;
    public SecurityContext securityContext;
}

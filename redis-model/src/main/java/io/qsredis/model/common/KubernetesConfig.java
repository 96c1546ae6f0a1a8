package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;

import java.util.List;

/** The image, its pull settings, the password Secret and the Services of a Redis workload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubernetesConfig {
    @Required
    public String image;

    public String imagePullPolicy;
    public ResourceRequirements resources;

    /** The Secret key holding the password Redis requires (requirepass and masterauth). */
    @JsonProperty("redisSecret")
    public ExistingPasswordSecret redisSecret;

    public List<LocalObjectReference> imagePullSecrets;
    public StatefulSetUpdateStrategy updateStrategy;
    public StatefulSetPersistentVolumeClaimRetentionPolicy persistentVolumeClaimRetentionPolicy;
    public ServiceConfig service;

    /** Annotation keys on the rendered objects that the operator must leave alone. */
    public List<String> ignoreAnnotations;

    @Min(0)
    public Integer minReadySeconds;
}

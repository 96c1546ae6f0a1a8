package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;

import java.util.List;
import java.util.Map;

/**
 * Sentinels that a RedisReplication runs itself ({@code spec.sentinel}): StatefulSet {@code X-s}, headless
 * Service {@code X-s-hl}. The image defaults to the replication's image.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EmbeddedSentinel extends SentinelConfig {
    @Default("3")
    @Min(1)
    public Integer size;

    public String image;
    public String imagePullPolicy;
    public List<LocalObjectReference> imagePullSecrets;
    public List<String> ignoreAnnotations;

    @Min(0)
    public Integer minReadySeconds;

    public StatefulSetPersistentVolumeClaimRetentionPolicy persistentVolumeClaimRetentionPolicy;

    /** The password clients must give the Sentinels (their requirepass). */
    public ExistingPasswordSecret redisSecret;

    public ResourceRequirements resources;
    public ServiceConfig service;
    public StatefulSetUpdateStrategy updateStrategy;
    public Affinity affinity;
    public Map<String, String> nodeSelector;
    public PodSecurityContext podSecurityContext;
    public SecurityContext securityContext;
    public String priorityClassName;
    public String serviceAccountName;

    @Min(0)
    public Long terminationGracePeriodSeconds;

    public List<Toleration> tolerations;
    public List<TopologySpreadConstraint> topologySpreadConstraints;
}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.qsredis.model.common.PodManagementPolicy;

import java.util.Optional;

/**
 * StatefulSet-level settings.
 *
 * @param updateStrategy the user's, else {@code OnDelete}: the operator orders every restart itself (replicas first,
 *     the master last, after a hand-over); with a user's {@code RollingUpdate} the StatefulSet controller restarts the pods
 */
public record StatefulSetSettings(
        StatefulSetUpdateStrategy updateStrategy,
        Optional<PodManagementPolicy> podManagementPolicy,
        Optional<Integer> minReadySeconds,
        Optional<StatefulSetPersistentVolumeClaimRetentionPolicy> persistentVolumeClaimRetentionPolicy) {}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.qsredis.model.common.PodManagementPolicy;

import java.util.Optional;

/**
 * StatefulSet-level settings.
 *
 * @param updateStrategy the user's, else {@code OnDelete} for the kinds whose restarts the operator orders
 *     itself (replicas first, master last), else {@code RollingUpdate}
 */
public record StatefulSetSettings(
        StatefulSetUpdateStrategy updateStrategy,
        Optional<PodManagementPolicy> podManagementPolicy,
        Optional<Integer> minReadySeconds,
        Optional<StatefulSetPersistentVolumeClaimRetentionPolicy> persistentVolumeClaimRetentionPolicy) {}

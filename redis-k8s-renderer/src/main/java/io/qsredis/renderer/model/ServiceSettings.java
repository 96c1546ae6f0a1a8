package io.qsredis.renderer.model;

import io.qsredis.model.common.ServiceType;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Services around one StatefulSet.
 *
 * @param additionalEnabled whether the {@code -additional} Service exists (default true)
 * @param additionalType type of the {@code -additional} Service: {@code kubernetesConfig.service.serviceType},
 *     else {@code service.additional.type}, else ClusterIP (upstream reads the former)
 * @param additionalAnnotations {@code service.annotations} merged with {@code service.additional.additionalAnnotations}
 * @param headlessAnnotations {@code service.headless.additionalAnnotations}
 * @param includeBusPort adds the cluster bus port to the client, headless and additional Services (Redis Cluster)
 */
public record ServiceSettings(
        boolean additionalEnabled,
        ServiceType additionalType,
        Map<String, String> additionalAnnotations,
        Map<String, String> headlessAnnotations,
        boolean includeBusPort) {

    public ServiceSettings {
        additionalAnnotations = Collections.unmodifiableMap(new TreeMap<>(additionalAnnotations));
        headlessAnnotations = Collections.unmodifiableMap(new TreeMap<>(headlessAnnotations));
    }
}

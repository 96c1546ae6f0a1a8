package io.qsredis.renderer.model;

import io.qsredis.model.common.ServiceType;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
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
 * @param podServiceType {@code kubernetesConfig.service.serviceType} when it is NodePort or LoadBalancer: each Redis
 *     server pod of a replication or a cluster then gets a Service of its own, named after the pod (upstream's per-pod
 *     NodePort Services), through which clients outside the Kubernetes cluster reach that very pod
 * @param podServiceAnnotations {@code service.annotations}, on each pod's own Service
 */
public record ServiceSettings(
        boolean additionalEnabled,
        ServiceType additionalType,
        Map<String, String> additionalAnnotations,
        Map<String, String> headlessAnnotations,
        boolean includeBusPort,
        Optional<ServiceType> podServiceType,
        Map<String, String> podServiceAnnotations) {

    public ServiceSettings {
        additionalAnnotations = Collections.unmodifiableMap(new TreeMap<>(additionalAnnotations));
        headlessAnnotations = Collections.unmodifiableMap(new TreeMap<>(headlessAnnotations));
        podServiceAnnotations = Collections.unmodifiableMap(new TreeMap<>(podServiceAnnotations));
        if (podServiceType.filter(type -> type == ServiceType.ClusterIP).isPresent()) {
            throw new IllegalArgumentException("a pod's own Service is NodePort or LoadBalancer, never ClusterIP");
        }
    }
}

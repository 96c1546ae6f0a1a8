package io.qsredis.model.common;

/** Kubernetes Service types a Redis Service may have. */
public enum ServiceType {
    LoadBalancer,
    NodePort,
    ClusterIP
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

/** The objects a pod refers to, read from the API server when the pod's containers need them. */
interface ObjectLookup {

    /** The ConfigMap, or null if it does not exist. */
    ConfigMap configMap(String namespace, String name);

    /** The Secret, or null if it does not exist. */
    Secret secret(String namespace, String name);

    /** Whether the PersistentVolumeClaim exists. */
    boolean claimExists(String namespace, String name);
}

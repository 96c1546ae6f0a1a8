package io.qsredis.renderer.model;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The label keys of the API contract (API.md) and the Kubernetes recommended ones. */
public final class Labels {
    public static final String APP = "app";
    public static final String SETUP_TYPE = "redis_setup_type";
    public static final String ROLE = "role";
    public static final String CLUSTER = "cluster";
    /** Set live on each pod by the operator to what the pod is now; moves the {@code -master}/{@code -replica} Services. */
    public static final String REDIS_ROLE = "redis-role";
    public static final String REDIS_ROLE_MASTER = "master";
    public static final String REDIS_ROLE_REPLICA = "slave";
    /** Put on each pod by the StatefulSet controller, naming it; a pod's own Service selects by it. */
    public static final String POD_NAME = "statefulset.kubernetes.io/pod-name";

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGER = "qs-redis-operator";

    private Labels() {}

    /** The stable keys a StatefulSet selects its pods by, exactly as upstream so that its StatefulSets can be adopted. */
    static Map<String, String> selector(String app, SetupType setupType, Role role) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(APP, app);
        labels.put(SETUP_TYPE, setupType.label());
        labels.put(ROLE, role.label());
        return labels;
    }

    /**
     * Every label of an object owned by {@code owner}: the owner's own labels, then the contract labels and the
     * recommended ones, which win over the owner's.
     */
    static Map<String, String> all(Owner owner, Map<String, String> selector, Role role, boolean clusterLabel) {
        Map<String, String> labels = new TreeMap<>(owner.labels());
        labels.putAll(selector);
        if (clusterLabel) {
            labels.put(CLUSTER, owner.name());
        }
        labels.put(NAME, role == Role.SENTINEL ? "redis-sentinel" : "redis");
        labels.put(INSTANCE, owner.name());
        labels.put(COMPONENT, role.label());
        labels.put(MANAGED_BY, MANAGER);
        labels.put(PART_OF, owner.kind().toLowerCase(Locale.ROOT));
        return labels;
    }
}

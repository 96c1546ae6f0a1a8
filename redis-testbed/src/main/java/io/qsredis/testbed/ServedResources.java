package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the testbed's API server serves: the one table of built-in kinds ({@link #BUILT_IN}) and the custom
 * resources of the CRDs it stores. Discovery, the path guard and Table responses all read this table.
 */
final class ServedResources {

    private static final List<String> NONE = List.of();
    private static final List<String> ALL = List.of("all");
    private static final List<String> STATUS = List.of("status");
    /** kubectl scale and the client's {@code scale(n)} write {@code <workload>/scale}; the CRUD store serves it. */
    private static final List<String> STATUS_AND_SCALE = List.of("status", "scale");

    /**
     * The built-in kinds: those the operator, the testbed's controllers, the charts and kubectl use. The CRUD
     * store would keep any kind; discovery lists only these, so that kubectl and Helm map exactly these.
     */
    static final List<ServedResource> BUILT_IN = List.of(
            ServedResource.builtIn("v1", "pods", "Pod", true, List.of("po"), ALL, List.of("log", "status")),
            ServedResource.builtIn("v1", "services", "Service", true, List.of("svc"), ALL, STATUS),
            ServedResource.builtIn("v1", "endpoints", "Endpoints", true, List.of("ep"), NONE, NONE),
            ServedResource.builtIn("v1", "configmaps", "ConfigMap", true, List.of("cm"), NONE, NONE),
            ServedResource.builtIn("v1", "secrets", "Secret", true, NONE, NONE, NONE),
            ServedResource.builtIn("v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), NONE, NONE),
            ServedResource.builtIn("v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), NONE, STATUS),
            ServedResource.builtIn("v1", "events", "Event", true, List.of("ev"), NONE, NONE),
            ServedResource.builtIn("v1", "namespaces", "Namespace", false, List.of("ns"), NONE, STATUS),
            ServedResource.builtIn("v1", "nodes", "Node", false, List.of("no"), NONE, STATUS),
            ServedResource.builtIn("apps/v1", "statefulsets", "StatefulSet", true, List.of("sts"), ALL, STATUS_AND_SCALE),
            ServedResource.builtIn("apps/v1", "deployments", "Deployment", true, List.of("deploy"), ALL, STATUS_AND_SCALE),
            ServedResource.builtIn("policy/v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), NONE, STATUS),
            ServedResource.builtIn("coordination.k8s.io/v1", "leases", "Lease", true, NONE, NONE, NONE),
            ServedResource.builtIn("events.k8s.io/v1", "events", "Event", true, List.of("ev"), NONE, NONE),
            ServedResource.builtIn("apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition", false,
                    List.of("crd", "crds"), NONE, STATUS),
            ServedResource.builtIn("rbac.authorization.k8s.io/v1", "roles", "Role", true, NONE, NONE, NONE),
            ServedResource.builtIn("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding", true, NONE, NONE, NONE),
            ServedResource.builtIn("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", false, NONE, NONE, NONE),
            ServedResource.builtIn("rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", false, NONE, NONE, NONE),
            ServedResource.builtIn("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol"), NONE, NONE));

    private final List<ServedResource> resources;

    private ServedResources(List<ServedResource> resources) {
        this.resources = List.copyOf(resources);
    }

    /** The built-in kinds and every served version of {@code definitions}. */
    static ServedResources of(List<CustomResourceDefinition> definitions) {
        List<ServedResource> all = new ArrayList<>(BUILT_IN);
        definitions.forEach(crd -> all.addAll(ServedResource.of(crd)));
        return new ServedResources(all);
    }

    List<ServedResource> all() {
        return resources;
    }

    /** The resource at {@code group}/{@code version}/{@code plural} ({@code ""} for the core group). */
    Optional<ServedResource> find(String group, String version, String plural) {
        return resources.stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    /** The resources of one group version, in table order. */
    List<ServedResource> inGroupVersion(String group, String version) {
        return resources.stream().filter(r -> r.group().equals(group) && r.version().equals(version)).toList();
    }

    /** Each named group (the core group excluded) with its versions, in table order. */
    Map<String, Set<String>> groups() {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        resources.stream()
                .filter(r -> !r.group().isEmpty())
                .forEach(r -> groups.computeIfAbsent(r.group(), g -> new LinkedHashSet<>()).add(r.version()));
        return groups;
    }
}

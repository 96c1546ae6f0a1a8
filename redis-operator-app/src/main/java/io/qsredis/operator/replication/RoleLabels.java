package io.qsredis.operator.replication;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.operator.kube.Applier;
import io.qsredis.operator.reconcile.ObservedPod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code redis-role} label of each server pod, which routes the {@code X-master} and {@code X-replica} Services:
 * {@code master} on the master, {@code slave} on every other server that answers. Only labels that differ are written.
 */
public final class RoleLabels {
    public static final String MASTER = "master";
    public static final String REPLICA = "slave";

    private RoleLabels() {}

    /** Returns the pods whose label changed. */
    public static List<String> apply(Applier applier, String namespace, List<ServerNode> nodes, Optional<ServerNode> master) {
        List<String> changed = new ArrayList<>();
        if (master.isEmpty()) {
            return changed;
        }
        for (ServerNode node : nodes) {
            String role;
            if (node.name().equals(master.get().name())) {
                role = MASTER;
            } else if (node.reachable()) {
                role = REPLICA;
            } else {
                continue;
            }
            if (!node.pod().roleLabel().filter(role::equals).isPresent()) {
                applier.patchLabels(Pod.class, namespace, node.name(), Map.of(ObservedPod.ROLE_LABEL, role));
                changed.add(node.name() + "=" + role);
            }
        }
        return changed;
    }
}

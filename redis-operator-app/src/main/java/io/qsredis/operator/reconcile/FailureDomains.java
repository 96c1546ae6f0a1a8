package io.qsredis.operator.reconcile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The failure domain each pod of a RedisCluster gets for the planner, which keeps a replica off its master's domain
 * whenever any placement allows: the zone ({@code topology.kubernetes.io/zone} of the pod's node) when the pods span
 * more than one zone, else the pod's Kubernetes node, else (not scheduled yet) its own address. A replica in another
 * zone is also on another node, so zones come first when there are several. Pure.
 */
final class FailureDomains {
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private FailureDomains() {}

    /**
     * @param pods the pods to place
     * @param zoneOfNode the zone of a Kubernetes node, when it is known
     * @return each pod's failure domain, by pod name
     */
    static Map<String, String> of(List<ObservedPod> pods, Function<String, Optional<String>> zoneOfNode) {
        Map<String, Optional<String>> zones = new HashMap<>();
        pods.forEach(pod -> zones.put(pod.name(), pod.node().flatMap(zoneOfNode)));
        boolean byZone = pods.stream().allMatch(pod -> zones.get(pod.name()).isPresent())
                && zones.values().stream().map(Optional::get).distinct().count() > 1;
        Map<String, String> domains = new HashMap<>();
        pods.forEach(pod -> domains.put(pod.name(), byZone ? "zone:" + zones.get(pod.name()).get() : pod.failureDomain()));
        return domains;
    }
}

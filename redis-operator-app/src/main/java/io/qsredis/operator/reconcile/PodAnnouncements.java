package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.model.common.ServiceType;
import io.qsredis.operator.kube.Watches;
import io.qsredis.topology.Endpoint;
import redis.clients.jedis.HostAndPort;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each pod of one replication StatefulSet (servers or Sentinels) announces ({@link Announcement}), by pod name, and
 * so where it is reached: its outside address under a pod Service, else its pod IP. The servers' announced endpoint is
 * their one name everywhere (what the operator observes and connects to, REPLICAOF targets, what Sentinel is told to
 * monitor), because Sentinel knows a replica only by what it announces and points replicas there after a failover:
 * the operator naming a node otherwise would see every replica Sentinel re-pointed as following a stranger.
 *
 * @param statefulSet the StatefulSet
 * @param container its pods' main container
 * @param byPod the announcement of each pod the StatefulSet runs
 * @param port the port a pod without its own Service is reached at
 */
record PodAnnouncements(String statefulSet, String container, Map<String, Announcement> byPod, int port) {

    PodAnnouncements {
        byPod = Map.copyOf(byPod);
    }

    /**
     * @param pods the namespace's pods; those of {@code statefulSet} are taken
     * @param podServiceType the type of each pod's own Service, when it has one
     * @param container its pods' main container ({@code redis}, {@code sentinel})
     * @param clientPort the name of the Service's port clients reach a pod at
     */
    static PodAnnouncements of(Watches watches, String namespace, List<Pod> pods, String statefulSet, String container,
            Optional<ServiceType> podServiceType, String clientPort, int port) {
        Map<String, Announcement> byPod = new TreeMap<>();
        pods.stream().filter(p -> ObservedPod.belongsTo(p, statefulSet)).forEach(p -> byPod.put(p.getMetadata().getName(),
                Announcement.decide(podServiceType, p, watches.services().get(namespace, p.getMetadata().getName()), clientPort, false)));
        return new PodAnnouncements(statefulSet, container, byPod, port);
    }

    /** Where {@code pod} is reached: what it announces, or its pod IP; empty while that is pending or it has no IP. */
    Optional<Endpoint> endpoint(ObservedPod pod) {
        return pod.ip().flatMap(ip -> announcement(pod.name()).endpoint(Optional.of(ip), port));
    }

    /** Why the address of a pod of the StatefulSet that runs (it has an IP) is not known yet, a line per pod. */
    List<String> pending(List<Pod> pods) {
        return members(pods).stream().filter(p -> p.ip().isPresent()).map(p -> announcement(p.name()))
                .filter(Announcement.Pending.class::isInstance).map(a -> ((Announcement.Pending) a).reason()).toList();
    }

    /** The {@code CONFIG SET} lines of each running server pod, by its pod address (where it is told before it announces). */
    Map<HostAndPort, List<String>> serverConfigLines(List<Pod> pods) {
        Map<HostAndPort, List<String>> lines = new LinkedHashMap<>();
        members(pods).stream().filter(p -> p.ip().isPresent() && p.live())
                .forEach(p -> lines.put(new HostAndPort(p.ip().get(), port), announcement(p.name()).configLines(false)));
        return lines;
    }

    /** Where {@code pod} announces it is reached from outside the Kubernetes cluster, if it does. */
    Optional<Endpoint> outside(String pod) {
        return announcement(pod) instanceof Announcement.Outside outside ? Optional.of(outside.client()) : Optional.empty();
    }

    private List<ObservedPod> members(List<Pod> pods) {
        return pods.stream().filter(p -> ObservedPod.belongsTo(p, statefulSet)).map(p -> ObservedPod.of(p, statefulSet, container)).toList();
    }

    private Announcement announcement(String pod) {
        return byPod.getOrDefault(pod, new Announcement.Internal());
    }
}

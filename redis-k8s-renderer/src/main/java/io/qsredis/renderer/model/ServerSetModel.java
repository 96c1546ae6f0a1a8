package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

import java.util.Map;
import java.util.Optional;

/**
 * One StatefulSet of {@code redis-server} pods, validated and defaulted: the standalone server, the pods of a
 * replication, or the leaders or followers of a cluster.
 *
 * @param name the StatefulSet's name, also the name of its data volume claim template
 * @param replicas number of pods
 * @param port client port ({@code spec.port}, default 6379)
 * @param cluster present for Redis Cluster nodes
 * @param dataClaim the data volume claim template; without one {@code /data} is an emptyDir and persistence is off
 * @param keepAfterDelete {@code storage.keepAfterDelete}: the PVCs outlive the resource
 */
public record ServerSetModel(
        Owner owner,
        String name,
        SetupType setupType,
        Role role,
        int replicas,
        int port,
        Optional<ClusterSettings> cluster,
        RedisSettings redis,
        Optional<PersistentVolumeClaim> dataClaim,
        boolean keepAfterDelete,
        PodSettings pod,
        ServiceSettings service,
        Optional<PdbSettings> pdb,
        String clusterDomain) implements PodSetModel {

    @Override
    public String headlessServiceName() {
        return name + "-headless";
    }

    /** The ConfigMap holding this StatefulSet's redis.conf. */
    public String configMapName() {
        return name + "-config";
    }

    public String podName(int ordinal) {
        return name + "-" + ordinal;
    }

    /** {@code <pod>.<sts>-headless.<namespace>.svc.<domain>}, stable across restarts. */
    public String podDnsName(int ordinal) {
        return podName(ordinal) + "." + headlessServiceName() + "." + owner.namespace() + ".svc." + clusterDomain;
    }

    @Override
    public Map<String, String> selectorLabels() {
        return Labels.selector(name, setupType, role);
    }

    @Override
    public Map<String, String> labels() {
        return Labels.all(owner, selectorLabels(), role, setupType == SetupType.CLUSTER);
    }
}

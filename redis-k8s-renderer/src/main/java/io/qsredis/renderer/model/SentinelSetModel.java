package io.qsredis.renderer.model;

import java.util.Map;
import java.util.Optional;

/**
 * One StatefulSet of {@code redis-sentinel} pods: a RedisSentinel's, or the Sentinels a RedisReplication runs
 * itself ({@code spec.sentinel}).
 *
 * @param masterGroupName the group its Sentinels monitor; a Sentinel pod is ready only once it monitors it
 * @param headlessServiceName {@code X-sentinel-headless} for a RedisSentinel, {@code X-s-hl} for embedded Sentinels
 * @param password the Sentinels' own {@code requirepass}; Sentinels also use it to authenticate to each other
 * @param additionalConfigMap ConfigMap whose {@code redis-sentinel-additional.conf} is appended to sentinel.conf
 */
public record SentinelSetModel(
        Owner owner,
        String name,
        String masterGroupName,
        String headlessServiceName,
        int replicas,
        boolean resolveHostnames,
        boolean announceHostnames,
        Optional<SecretKeyRef> password,
        Optional<TlsSettings> tls,
        Optional<String> additionalConfigMap,
        PodSettings pod,
        ServiceSettings service,
        Optional<PdbSettings> pdb,
        String clusterDomain) implements PodSetModel {

    public int port() {
        return FixedSettings.SENTINEL_PORT;
    }

    public String configMapName() {
        return name + "-config";
    }

    public String podName(int ordinal) {
        return name + "-" + ordinal;
    }

    public String podDnsName(int ordinal) {
        return podName(ordinal) + "." + headlessServiceName + "." + owner.namespace() + ".svc." + clusterDomain;
    }

    @Override
    public Map<String, String> selectorLabels() {
        return Labels.selector(name, SetupType.SENTINEL, Role.SENTINEL);
    }

    @Override
    public Map<String, String> labels() {
        return Labels.all(owner, selectorLabels(), Role.SENTINEL, false);
    }
}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder;
import io.qsredis.model.common.ACLConfig;
import io.qsredis.model.common.ExistingPasswordSecret;
import io.qsredis.model.common.InitContainer;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.PodManagementPolicy;
import io.qsredis.model.common.RedisExporter;
import io.qsredis.model.common.RedisPodDisruptionBudget;
import io.qsredis.model.common.Service;
import io.qsredis.model.common.ServiceConfig;
import io.qsredis.model.common.ServiceType;
import io.qsredis.model.common.TLSConfig;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads the parts every kind shares. It reads only specs that carry their CRD schema's defaults
 * ({@link io.qsredis.model.schema.CrdDefaults}) and that {@link io.qsredis.model.validation.SpecValidator} accepted,
 * so it neither defaults nor checks anything itself; what it fills in for an absent parent object is not an API
 * default but what the absence means (no additional Service settings: the Service exists, of type ClusterIP).
 */
final class SpecReader {
    private SpecReader() {}

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    static Map<String, String> sortedMap(Map<String, String> values) {
        return values == null ? Map.of() : new TreeMap<>(values);
    }

    static Optional<SecretKeyRef> password(ExistingPasswordSecret secret) {
        return secret == null ? Optional.empty() : Optional.of(new SecretKeyRef(secret.name, secret.key));
    }

    static Optional<TlsSettings> tls(TLSConfig tls) {
        if (tls == null) {
            return Optional.empty();
        }
        return Optional.of(new TlsSettings(
                tls.secret,
                orDefault(tls.ca, FixedSettings.TLS_CA_FILE),
                orDefault(tls.cert, FixedSettings.TLS_CERT_FILE),
                orDefault(tls.key, FixedSettings.TLS_KEY_FILE)));
    }

    static Optional<AclSettings> acl(ACLConfig acl) {
        if (acl == null || (acl.secret == null && acl.persistentVolumeClaim == null)) {
            return Optional.empty();
        }
        return Optional.of(new AclSettings(Optional.ofNullable(acl.secret), Optional.ofNullable(acl.persistentVolumeClaim)));
    }

    static Optional<ExporterSettings> exporter(RedisExporter exporter) {
        if (exporter == null || !Boolean.TRUE.equals(exporter.enabled)) {
            return Optional.empty();
        }
        return Optional.of(new ExporterSettings(
                exporter.image,
                Optional.ofNullable(exporter.imagePullPolicy),
                exporter.port,
                Optional.ofNullable(exporter.resources),
                list(exporter.env),
                Optional.ofNullable(exporter.securityContext)));
    }

    static ServiceSettings services(ServiceConfig config) {
        ServiceConfig service = config == null ? new ServiceConfig() : config;
        Service additional = service.additional == null ? new Service() : service.additional;
        Service headless = service.headless == null ? new Service() : service.headless;
        ServiceType additionalType = service.serviceType != null
                ? service.serviceType
                : additional.type != null ? additional.type : ServiceType.ClusterIP;
        Map<String, String> additionalAnnotations = new TreeMap<>(sortedMap(service.annotations));
        additionalAnnotations.putAll(sortedMap(additional.additionalAnnotations));
        return new ServiceSettings(
                !Boolean.FALSE.equals(additional.enabled),
                additionalType,
                additionalAnnotations,
                sortedMap(headless.additionalAnnotations),
                Boolean.TRUE.equals(service.includeBusPort),
                Optional.ofNullable(service.serviceType).filter(type -> type != ServiceType.ClusterIP),
                sortedMap(service.annotations));
    }

    /**
     * A budget exists when the user enables it, or by default when the StatefulSet has two pods or more (one pod
     * at a time may be evicted); {@code enabled: false} removes it.
     */
    static Optional<PdbSettings> pdb(RedisPodDisruptionBudget pdb, int replicas) {
        Boolean enabled = pdb == null ? null : pdb.enabled;
        if (Boolean.FALSE.equals(enabled) || (enabled == null && replicas < 2)) {
            return Optional.empty();
        }
        if (pdb == null) {
            return Optional.of(new PdbSettings(OptionalInt.empty(), OptionalInt.of(1)));
        }
        if (pdb.minAvailable == null && pdb.maxUnavailable == null) {
            return Optional.of(new PdbSettings(OptionalInt.empty(), OptionalInt.of(1)));
        }
        return Optional.of(new PdbSettings(
                pdb.minAvailable == null ? OptionalInt.empty() : OptionalInt.of(pdb.minAvailable),
                pdb.maxUnavailable == null ? OptionalInt.empty() : OptionalInt.of(pdb.maxUnavailable)));
    }

    static StatefulSetSettings statefulSet(
            KubernetesConfig config, PodManagementPolicy podManagementPolicy) {
        StatefulSetUpdateStrategy strategy = config.updateStrategy != null && config.updateStrategy.getType() != null
                ? config.updateStrategy
                : new StatefulSetUpdateStrategyBuilder().withType("OnDelete").build();
        return new StatefulSetSettings(
                strategy,
                Optional.ofNullable(podManagementPolicy),
                Optional.ofNullable(config.minReadySeconds),
                Optional.ofNullable(config.persistentVolumeClaimRetentionPolicy));
    }

    static List<String> dynamicConfig(List<String> lines) {
        return list(lines).stream().map(String::trim).toList();
    }

    /**
     * {@code maxMemoryPercentOfLimit} of the container's memory limit. Without a limit there is nothing to take a
     * percentage of: the validator warns, and Redis runs with no maxmemory rather than the spec being refused.
     */
    static OptionalLong maxmemory(Integer percent, Optional<ResourceRequirements> resources) {
        Quantity limit = resources.map(ResourceRequirements::getLimits).map(limits -> limits.get("memory")).orElse(null);
        if (percent == null || limit == null) {
            return OptionalLong.empty();
        }
        BigDecimal bytes = Quantity.getAmountInBytes(limit).multiply(BigDecimal.valueOf(percent)).divide(BigDecimal.valueOf(100));
        return OptionalLong.of(bytes.longValue());
    }

    static Optional<InitContainer> initContainer(InitContainer init) {
        return init == null || !Boolean.TRUE.equals(init.enabled) ? Optional.empty() : Optional.of(init);
    }

    static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    static String orDefault(String value, String fallback) {
        return notBlank(value) ? value : fallback;
    }

    /** A Sentinel switch, which the API writes as {@code yes} or {@code no}. */
    static boolean yes(String value) {
        return value.equals("yes");
    }
}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder;
import io.qsredis.model.common.ACLConfig;
import io.qsredis.model.common.CommonSpec;
import io.qsredis.model.common.ExistingPasswordSecret;
import io.qsredis.model.common.InitContainer;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.PodManagementPolicy;
import io.qsredis.model.common.RedisExporter;
import io.qsredis.model.common.RedisPodDisruptionBudget;
import io.qsredis.model.common.Service;
import io.qsredis.model.common.ServiceConfig;
import io.qsredis.model.common.ServiceType;
import io.qsredis.model.common.Sidecar;
import io.qsredis.model.common.TLSConfig;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/** Reads the parts every kind shares, applying the API defaults and collecting problems. */
final class SpecReader {
    /** Settings that must never be written from the spec: they carry secrets or the operator owns them. */
    private static final Set<String> OPERATOR_OWNED_SETTINGS = Set.of(
            "include", "requirepass", "masterauth", "masteruser", "aclfile", "port", "tls-port", "dir",
            "cluster-enabled", "cluster-config-file", "cluster-announce-hostname", "replicaof", "slaveof",
            "daemonize", "rename-command", "user");

    /** Container names the renderer uses itself. */
    static final Set<String> RESERVED_CONTAINER_NAMES = Set.of("redis", "sentinel", "redis-exporter", "config", "sentinel-config", "user-init");

    private SpecReader() {}

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    static Map<String, String> sortedMap(Map<String, String> values) {
        return values == null ? Map.of() : new TreeMap<>(values);
    }

    static KubernetesConfig kubernetesConfig(CommonSpec spec, SpecProblems problems) {
        if (spec.kubernetesConfig == null) {
            problems.add("spec.kubernetesConfig is required");
            return new KubernetesConfig();
        }
        problems.require(spec.kubernetesConfig.image != null && !spec.kubernetesConfig.image.isBlank(),
                "spec.kubernetesConfig.image is required");
        return spec.kubernetesConfig;
    }

    static Optional<SecretKeyRef> password(ExistingPasswordSecret secret, String field, SpecProblems problems) {
        if (secret == null) {
            return Optional.empty();
        }
        boolean complete = notBlank(secret.name) && notBlank(secret.key);
        problems.require(complete, field + " needs both name and key");
        return complete ? Optional.of(new SecretKeyRef(secret.name, secret.key)) : Optional.empty();
    }

    static Optional<TlsSettings> tls(TLSConfig tls, SpecProblems problems) {
        if (tls == null) {
            return Optional.empty();
        }
        problems.require(tls.secret != null && notBlank(tls.secret.getSecretName()), "spec.TLS.secret.secretName is required");
        return Optional.of(new TlsSettings(
                tls.secret,
                orDefault(tls.ca, ApiDefaults.TLS_CA_FILE),
                orDefault(tls.cert, ApiDefaults.TLS_CERT_FILE),
                orDefault(tls.key, ApiDefaults.TLS_KEY_FILE)));
    }

    static Optional<AclSettings> acl(ACLConfig acl, SpecProblems problems) {
        if (acl == null || (acl.secret == null && acl.persistentVolumeClaim == null)) {
            return Optional.empty();
        }
        problems.require(acl.secret == null || acl.persistentVolumeClaim == null,
                "spec.acl.secret and spec.acl.persistentVolumeClaim are exclusive: set one of them");
        return Optional.of(new AclSettings(Optional.ofNullable(acl.secret), Optional.ofNullable(acl.persistentVolumeClaim)));
    }

    static Optional<ExporterSettings> exporter(RedisExporter exporter, SpecProblems problems) {
        if (exporter == null || !Boolean.TRUE.equals(exporter.enabled)) {
            return Optional.empty();
        }
        problems.require(notBlank(exporter.image), "spec.redisExporter.image is required when the exporter is enabled");
        return Optional.of(new ExporterSettings(
                exporter.image,
                Optional.ofNullable(exporter.imagePullPolicy),
                exporter.port == null ? ApiDefaults.EXPORTER_PORT : exporter.port,
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
                Boolean.TRUE.equals(service.includeBusPort));
    }

    /**
     * A budget exists when the user enables it, or by default when the StatefulSet has two pods or more (one pod
     * at a time may be evicted); {@code enabled: false} removes it.
     */
    static Optional<PdbSettings> pdb(RedisPodDisruptionBudget pdb, int replicas, String field, SpecProblems problems) {
        Boolean enabled = pdb == null ? null : pdb.enabled;
        if (Boolean.FALSE.equals(enabled) || (enabled == null && replicas < 2)) {
            return Optional.empty();
        }
        if (pdb == null) {
            return Optional.of(new PdbSettings(OptionalInt.empty(), OptionalInt.of(1)));
        }
        problems.require(pdb.minAvailable == null || pdb.maxUnavailable == null,
                field + ".minAvailable and " + field + ".maxUnavailable are exclusive: set one of them");
        if (pdb.minAvailable == null && pdb.maxUnavailable == null) {
            return Optional.of(new PdbSettings(OptionalInt.empty(), OptionalInt.of(1)));
        }
        return Optional.of(new PdbSettings(
                pdb.minAvailable == null ? OptionalInt.empty() : OptionalInt.of(pdb.minAvailable),
                pdb.maxUnavailable == null ? OptionalInt.empty() : OptionalInt.of(pdb.maxUnavailable)));
    }

    static StatefulSetSettings statefulSet(
            KubernetesConfig config, PodManagementPolicy podManagementPolicy, boolean operatorOrdersRestarts) {
        StatefulSetUpdateStrategy strategy = config.updateStrategy != null && config.updateStrategy.getType() != null
                ? config.updateStrategy
                : new StatefulSetUpdateStrategyBuilder().withType(operatorOrdersRestarts ? "OnDelete" : "RollingUpdate").build();
        return new StatefulSetSettings(
                strategy,
                Optional.ofNullable(podManagementPolicy),
                Optional.ofNullable(config.minReadySeconds),
                Optional.ofNullable(config.persistentVolumeClaimRetentionPolicy));
    }

    static List<String> dynamicConfig(List<String> lines, String field, SpecProblems problems) {
        for (String line : list(lines)) {
            String trimmed = line == null ? "" : line.trim();
            if (trimmed.isEmpty() || trimmed.contains("\n") || trimmed.contains("\r")) {
                problems.add(field + " entries must be one \"name value\" line each, got \"" + line + "\"");
                continue;
            }
            String name = trimmed.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (OPERATOR_OWNED_SETTINGS.contains(name)) {
                problems.add(field + " must not set " + name
                        + ": the operator writes it (passwords come from kubernetesConfig.redisSecret, never from the spec)");
            }
        }
        return list(lines).stream().map(line -> line == null ? "" : line.trim()).toList();
    }

    static OptionalLong maxmemory(Integer percent, Optional<ResourceRequirements> resources, String field, SpecProblems problems) {
        if (percent == null) {
            return OptionalLong.empty();
        }
        Quantity limit = resources.map(ResourceRequirements::getLimits).map(limits -> limits.get("memory")).orElse(null);
        if (limit == null) {
            problems.add(field + " needs a memory limit in the container resources");
            return OptionalLong.empty();
        }
        problems.require(percent >= 1 && percent <= 100, field + " must be between 1 and 100");
        BigDecimal bytes = Quantity.getAmountInBytes(limit).multiply(BigDecimal.valueOf(percent)).divide(BigDecimal.valueOf(100));
        return OptionalLong.of(bytes.longValue());
    }

    static Optional<InitContainer> initContainer(InitContainer init, SpecProblems problems) {
        if (init == null || !Boolean.TRUE.equals(init.enabled)) {
            return Optional.empty();
        }
        problems.require(notBlank(init.image), "spec.initContainer.image is required when the init container is enabled");
        return Optional.of(init);
    }

    static List<Sidecar> sidecars(List<Sidecar> sidecars, SpecProblems problems) {
        Set<String> seen = new HashSet<>();
        for (Sidecar sidecar : list(sidecars)) {
            problems.require(notBlank(sidecar.name) && notBlank(sidecar.image), "spec.sidecars entries need a name and an image");
            if (sidecar.name != null) {
                problems.require(!RESERVED_CONTAINER_NAMES.contains(sidecar.name),
                        "spec.sidecars name " + sidecar.name + " is used by the operator's own containers");
                problems.require(seen.add(sidecar.name), "spec.sidecars name " + sidecar.name + " is used twice");
            }
        }
        return list(sidecars);
    }

    static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    static String orDefault(String value, String fallback) {
        return notBlank(value) ? value : fallback;
    }

    static int parseNumber(String value, int fallback, String field, SpecProblems problems) {
        return (int) parseLong(value, fallback, field, problems);
    }

    static long parseLong(String value, long fallback, String field, SpecProblems problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            problems.add(field + " must be a number of digits, got \"" + value + "\"");
            return fallback;
        }
    }

    static boolean parseYesNo(String value, boolean fallback, String field, SpecProblems problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        problems.require(value.equals("yes") || value.equals("no"), field + " must be yes or no, got \"" + value + "\"");
        return value.equals("yes");
    }
}

package io.qsredis.model.validation;

import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.qsredis.model.ClusterVersion;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisClusterSpec;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisReplicationSpec;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.RedisSentinelSpec;
import io.qsredis.model.RedisSpec;
import io.qsredis.model.common.ACLConfig;
import io.qsredis.model.common.ClusterRoleSpec;
import io.qsredis.model.common.ClusterStorage;
import io.qsredis.model.common.CommonSpec;
import io.qsredis.model.common.EmbeddedSentinel;
import io.qsredis.model.common.ExistingPasswordSecret;
import io.qsredis.model.common.InitContainer;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.PodSpec;
import io.qsredis.model.common.RedisConfig;
import io.qsredis.model.common.RedisExporter;
import io.qsredis.model.common.RedisPodDisruptionBudget;
import io.qsredis.model.common.RedisSentinelConfig;
import io.qsredis.model.common.SentinelConfig;
import io.qsredis.model.common.Sidecar;
import io.qsredis.model.common.Storage;
import io.qsredis.model.common.TLSConfig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a custom resource the way the CRD schema does (required fields, ranges, CEL rules) and beyond
 * it, with rules a schema cannot express: a Sentinel quorum larger than the Sentinels, a PVC template that
 * asks for no storage, names too long for the Services derived from them. It returns every problem at
 * once, each with its field path, so that the operator can report them in one condition and touch nothing.
 * Upstream's webhook checks a few of these; we check them always. This is the one set of rules: the renderer's
 * views call it and render only what it accepts.
 */
public final class SpecValidator {

    /** A Service name is a DNS-1035 label: at most 63 characters. */
    private static final int MAX_SERVICE_NAME = 63;

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern YES_NO = Pattern.compile("yes|no");
    private static final Pattern CONFIG_DIRECTIVE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*[ \\t]+\\S.*");

    /** The names of the containers and init containers the operator runs in its pods; a sidecar must not take one. */
    public static final Set<String> RESERVED_CONTAINER_NAMES = Set.of("redis", "sentinel", "redis-exporter", "config", "sentinel-config", "user-init");

    /**
     * Settings {@code dynamicConfig} must not set: the operator writes them into redis.conf (ports, paths, cluster
     * mode, includes) or takes them from a Secret (passwords), and a second value would fight it.
     */
    private static final Set<String> OPERATOR_OWNED_SETTINGS = Set.of(
            "include", "requirepass", "masterauth", "masteruser", "aclfile", "port", "tls-port", "dir",
            "cluster-enabled", "cluster-config-file", "cluster-announce-hostname", "replicaof", "slaveof",
            "daemonize", "rename-command", "user");
    private static final Set<String> PASSWORD_SETTINGS = Set.of("requirepass", "masterauth", "masteruser");

    private final List<Violation> violations = new ArrayList<>();

    private SpecValidator() {}

    /** Validates any of the four kinds. */
    public static ValidationResult validate(HasMetadata resource) {
        SpecValidator validator = new SpecValidator();
        if (resource instanceof Redis redis) {
            validator.redis(redis);
        } else if (resource instanceof RedisReplication replication) {
            validator.replication(replication);
        } else if (resource instanceof RedisSentinel sentinel) {
            validator.sentinel(sentinel);
        } else if (resource instanceof RedisCluster cluster) {
            validator.cluster(cluster);
        } else {
            throw new IllegalArgumentException("not a redis.redis.opstreelabs.in kind: " + resource.getKind());
        }
        return new ValidationResult(validator.violations);
    }

    private void redis(Redis cr) {
        name(cr, "-additional");
        RedisSpec spec = cr.getSpec();
        if (spec == null) {
            error("spec", "required");
            return;
        }
        podSpec(spec);
        redisConfig("spec.redisConfig", spec.redisConfig);
        maxMemoryNeedsALimit("spec.redisConfig", spec.redisConfig, spec.kubernetesConfig);
        storage("spec.storage", spec.storage);
        acl(spec.acl);
    }

    private void replication(RedisReplication cr) {
        name(cr, "-replication");
        RedisReplicationSpec spec = cr.getSpec();
        if (spec == null) {
            error("spec", "required");
            return;
        }
        podSpec(spec);
        positive("spec.clusterSize", spec.clusterSize, "the number of Redis pods (one master, the rest replicas)");
        redisConfig("spec.redisConfig", spec.redisConfig);
        maxMemoryNeedsALimit("spec.redisConfig", spec.redisConfig, spec.kubernetesConfig);
        storage("spec.storage", spec.storage);
        acl(spec.acl);
        pdb("spec.pdb", spec.pdb);
        if (spec.sentinel != null) {
            embeddedSentinel(spec.sentinel);
        }
    }

    private void embeddedSentinel(EmbeddedSentinel sentinel) {
        String path = "spec.sentinel";
        int size = sentinel.size == null ? 3 : sentinel.size;
        if (size < 1) {
            error(path + ".size", "must be at least 1, got " + size);
        } else if (size % 2 == 0) {
            warning(path + ".size", size + " Sentinels can split into two halves with no majority; an odd number (3, 5) tolerates as many failures with one Sentinel less");
        }
        sentinelTimings(path, sentinel, size);
        passwordSecret(path + ".redisSecret", sentinel.redisSecret);
        nonNegative(path + ".minReadySeconds", sentinel.minReadySeconds);
        nonNegative(path + ".terminationGracePeriodSeconds", sentinel.terminationGracePeriodSeconds);
    }

    private void sentinel(RedisSentinel cr) {
        name(cr, "-sentinel-additional");
        RedisSentinelSpec spec = cr.getSpec();
        if (spec == null) {
            error("spec", "required");
            return;
        }
        podSpec(spec);
        int size = spec.clusterSize == null ? 3 : spec.clusterSize;
        if (size < 1) {
            error("spec.clusterSize", "must be at least 1, got " + size);
        } else if (size % 2 == 0) {
            error("spec.clusterSize", "must be odd (3, 5, ...) so that a majority of Sentinels can always agree, got " + size);
        }
        pdb("spec.pdb", spec.pdb);
        RedisSentinelConfig config = spec.redisSentinelConfig;
        if (config == null || blank(config.redisReplicationName)) {
            error("spec.redisSentinelConfig.redisReplicationName", "required: the name of the RedisReplication these Sentinels watch");
        }
        if (config != null) {
            String path = "spec.redisSentinelConfig";
            sentinelTimings(path, config, size);
            Long redisPort = config.redisPort == null ? null : digits(path + ".redisPort", config.redisPort);
            if (redisPort != null) {
                port(path + ".redisPort", redisPort);
            }
            if (config.masterGroupName != null && !config.masterGroupName.matches("[A-Za-z0-9._-]+")) {
                error(path + ".masterGroupName", "may hold only letters, digits, '.', '_' and '-', got \"" + config.masterGroupName + "\"");
            }
            secretKeyRef(path + ".redisReplicationPassword", config.redisReplicationPassword);
        }
    }

    private void cluster(RedisCluster cr) {
        name(cr, "-follower-additional");
        RedisClusterSpec spec = cr.getSpec();
        if (spec == null) {
            error("spec", "required");
            return;
        }
        commonSpec(spec);
        if (positive("spec.clusterSize", spec.clusterSize, "the number of shards") && spec.clusterSize < 3) {
            warning("spec.clusterSize", spec.clusterSize + " shard(s) are not highly available: Redis Cluster needs at least 3 masters to fail over on its own");
        }
        if (spec.port != null && (spec.port < 1 || spec.port > 55535)) {
            error("spec.port", "must be between 1 and 55535 (the cluster bus listens on port + 10000), got " + spec.port);
        }
        if (spec.clusterVersion != null && ClusterVersion.major(spec.clusterVersion).isEmpty()) {
            error("spec.clusterVersion", "must be the image's major Redis version, such as v7 or v8, got \"" + spec.clusterVersion + "\"");
        }
        redisConfig("spec.redisConfig", spec.redisConfig);
        acl(spec.acl);
        clusterRole("spec.redisLeader", spec.redisLeader);
        clusterRole("spec.redisFollower", spec.redisFollower);
        clusterRoleMaxMemory(spec, "spec.redisLeader", spec.redisLeader);
        clusterRoleMaxMemory(spec, "spec.redisFollower", spec.redisFollower);
        int leaders = replicasOf(spec.redisLeader, spec.clusterSize);
        int followers = replicasOf(spec.redisFollower, spec.clusterSize);
        if (leaders > 0 && followers % leaders != 0) {
            warning("spec.redisFollower.replicas", followers + " followers cannot be spread evenly over " + leaders + " leaders: some shards get one replica more than others");
        }
        ClusterStorage storage = spec.storage == null ? new ClusterStorage() : spec.storage;
        storage("spec.storage", storage);
        if (Boolean.TRUE.equals(spec.persistenceEnabled) && storage.volumeClaimTemplate == null) {
            error("spec.storage.volumeClaimTemplate", "required when spec.persistenceEnabled is true: the PVC that keeps each node's data");
        }
        if (Boolean.TRUE.equals(storage.nodeConfVolume)) {
            if (storage.nodeConfVolumeClaimTemplate != null) {
                pvcTemplate("spec.storage.nodeConfVolumeClaimTemplate", storage.nodeConfVolumeClaimTemplate);
            } else if (storage.volumeClaimTemplate != null) {
                warning("spec.storage.nodeConfVolumeClaimTemplate", "not set, so nodes.conf gets a volume like spec.storage.volumeClaimTemplate;"
                        + " a claim of its own (a few MiB) is enough");
            } else {
                error("spec.storage.nodeConfVolumeClaimTemplate", "required when spec.storage.nodeConfVolume is true: the PVC that keeps nodes.conf");
            }
        }
    }

    /**
     * A cluster role's pods get the role's {@code maxMemoryPercentOfLimit} (else the top-level one) of the memory limit of
     * the role's resources (else {@code spec.resources}, else {@code spec.kubernetesConfig.resources}).
     */
    private void clusterRoleMaxMemory(RedisClusterSpec spec, String rolePath, ClusterRoleSpec role) {
        RedisConfig roleConfig = role == null ? null : role.redisConfig;
        boolean ownPercent = roleConfig != null && roleConfig.maxMemoryPercentOfLimit != null;
        Integer percent = ownPercent ? roleConfig.maxMemoryPercentOfLimit : spec.redisConfig == null ? null : spec.redisConfig.maxMemoryPercentOfLimit;
        ResourceRequirements resources = role != null && role.resources != null ? role.resources
                : spec.resources != null ? spec.resources
                : spec.kubernetesConfig == null ? null : spec.kubernetesConfig.resources;
        String path = (ownPercent ? rolePath + ".redisConfig" : "spec.redisConfig") + ".maxMemoryPercentOfLimit";
        if (percent != null && percent >= 1 && percent <= 100 && memoryLimit(resources) == null) {
            warning(path, "has no effect on the pods of " + rolePath + ": they have no memory limit (" + rolePath
                    + ".resources, spec.resources or spec.kubernetesConfig.resources), so the operator sets no maxmemory");
        }
    }

    private static int replicasOf(ClusterRoleSpec role, Integer clusterSize) {
        if (role != null && role.replicas != null) {
            return role.replicas;
        }
        return clusterSize == null ? 0 : clusterSize;
    }

    private void clusterRole(String path, ClusterRoleSpec role) {
        if (role == null) {
            return;
        }
        if (role.replicas != null && role.replicas < 0) {
            error(path + ".replicas", "must not be negative, got " + role.replicas);
        }
        redisConfig(path + ".redisConfig", role.redisConfig);
        pdb(path + ".pdb", role.pdb);
        nonNegative(path + ".terminationGracePeriodSeconds", role.terminationGracePeriodSeconds);
    }

    private void name(HasMetadata cr, String longestSuffix) {
        String name = cr.getMetadata() == null ? null : cr.getMetadata().getName();
        if (blank(name)) {
            error("metadata.name", "required");
        } else if (name.length() + longestSuffix.length() > MAX_SERVICE_NAME) {
            error("metadata.name", "is " + name.length() + " characters; the Service \"" + name + longestSuffix + "\" derived from it would exceed "
                    + MAX_SERVICE_NAME + ", so use at most " + (MAX_SERVICE_NAME - longestSuffix.length()));
        }
    }

    private void podSpec(PodSpec spec) {
        commonSpec(spec);
        nonNegative("spec.terminationGracePeriodSeconds", spec.terminationGracePeriodSeconds);
    }

    private void commonSpec(CommonSpec spec) {
        kubernetesConfig(spec.kubernetesConfig);
        exporter(spec.redisExporter);
        tls(spec.TLS);
        initContainer(spec.initContainer);
        sidecars(spec.sidecars);
        if (spec.hostPort != null && spec.hostPort != 0) {
            port("spec.hostPort", spec.hostPort);
        }
    }

    private void kubernetesConfig(KubernetesConfig config) {
        if (config == null) {
            error("spec.kubernetesConfig", "required: at least kubernetesConfig.image");
            return;
        }
        if (blank(config.image)) {
            error("spec.kubernetesConfig.image", "required: an image with redis-server (and redis-sentinel for Sentinels)");
        }
        passwordSecret("spec.kubernetesConfig.redisSecret", config.redisSecret);
        nonNegative("spec.kubernetesConfig.minReadySeconds", config.minReadySeconds);
    }

    private void passwordSecret(String path, ExistingPasswordSecret secret) {
        if (secret == null) {
            return;
        }
        if (blank(secret.name)) {
            error(path + ".name", "required: the Secret that holds the password");
        }
        if (blank(secret.key)) {
            error(path + ".key", "required: the key of the password in the Secret");
        }
    }

    private void secretKeyRef(String path, EnvVarSource source) {
        if (source == null) {
            return;
        }
        if (source.getSecretKeyRef() == null) {
            error(path + ".secretKeyRef", "required: the password must come from a Secret key");
            return;
        }
        if (blank(source.getSecretKeyRef().getName())) {
            error(path + ".secretKeyRef.name", "required");
        }
        if (blank(source.getSecretKeyRef().getKey())) {
            error(path + ".secretKeyRef.key", "required");
        }
    }

    private void exporter(RedisExporter exporter) {
        if (exporter == null) {
            return;
        }
        if (blank(exporter.image)) {
            error("spec.redisExporter.image", "required: the redis_exporter image");
        }
        if (exporter.port != null) {
            port("spec.redisExporter.port", exporter.port);
        }
    }

    private void tls(TLSConfig tls) {
        if (tls == null) {
            return;
        }
        if (tls.secret == null || blank(tls.secret.getSecretName())) {
            error("spec.TLS.secret.secretName", "required: the Secret holding the certificate, key and CA");
        }
    }

    private void acl(ACLConfig acl) {
        if (acl == null) {
            return;
        }
        if (acl.secret != null && acl.persistentVolumeClaim != null) {
            error("spec.acl", "acl.secret and acl.persistentVolumeClaim are exclusive: set one of them");
        }
        if (acl.secret != null && blank(acl.secret.getSecretName())) {
            error("spec.acl.secret.secretName", "required: the Secret holding the ACL file");
        }
        if (acl.persistentVolumeClaim != null && blank(acl.persistentVolumeClaim)) {
            error("spec.acl.persistentVolumeClaim", "must name a PVC");
        }
    }

    private void initContainer(InitContainer init) {
        if (init == null || Boolean.FALSE.equals(init.enabled)) {
            return;
        }
        if (blank(init.image)) {
            error("spec.initContainer.image", "required when the init container is enabled");
        }
    }

    private void sidecars(List<Sidecar> sidecars) {
        if (sidecars == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < sidecars.size(); i++) {
            Sidecar sidecar = sidecars.get(i);
            String path = "spec.sidecars[" + i + "]";
            if (blank(sidecar.name)) {
                error(path + ".name", "required");
            } else if (RESERVED_CONTAINER_NAMES.contains(sidecar.name)) {
                error(path + ".name", "\"" + sidecar.name + "\" is the name of a container the operator runs; choose another");
            } else if (!seen.add(sidecar.name)) {
                error(path + ".name", "\"" + sidecar.name + "\" is used by another sidecar");
            }
            if (blank(sidecar.image)) {
                error(path + ".image", "required");
            }
        }
    }

    private void redisConfig(String path, RedisConfig config) {
        if (config == null) {
            return;
        }
        Integer percent = config.maxMemoryPercentOfLimit;
        if (percent != null && (percent < 1 || percent > 100)) {
            error(path + ".maxMemoryPercentOfLimit", "must be between 1 and 100, got " + percent);
        }
        if (config.dynamicConfig != null) {
            for (int i = 0; i < config.dynamicConfig.size(); i++) {
                dynamicConfigEntry(path + ".dynamicConfig[" + i + "]", config.dynamicConfig.get(i));
            }
        }
        if (config.additionalRedisConfig != null && blank(config.additionalRedisConfig)) {
            error(path + ".additionalRedisConfig", "must name a ConfigMap");
        }
    }

    /** The messages never quote the entry: it may hold a password. */
    private void dynamicConfigEntry(String path, String entry) {
        String line = entry == null ? "" : entry.trim();
        if (!CONFIG_DIRECTIVE.matcher(line).matches()) {
            error(path, "must be one line \"<parameter> <value>\", as CONFIG SET takes it");
            return;
        }
        String parameter = line.split("[ \\t]+", 2)[0].toLowerCase(Locale.ROOT);
        if (OPERATOR_OWNED_SETTINGS.contains(parameter)) {
            error(path, "must not set " + parameter + ": the operator writes it"
                    + (PASSWORD_SETTINGS.contains(parameter) ? " (passwords come from kubernetesConfig.redisSecret, never from the spec)" : ""));
        }
    }

    /** Without a memory limit the percentage has nothing to apply to; the spec is carried out with no maxmemory. */
    private void maxMemoryNeedsALimit(String path, RedisConfig config, KubernetesConfig kubernetes) {
        Integer percent = config == null ? null : config.maxMemoryPercentOfLimit;
        if (percent != null && percent >= 1 && percent <= 100 && kubernetes != null && memoryLimit(kubernetes.resources) == null) {
            warning(path + ".maxMemoryPercentOfLimit", "has no effect without a memory limit in spec.kubernetesConfig.resources.limits:"
                    + " the operator sets no maxmemory");
        }
    }

    private static Quantity memoryLimit(ResourceRequirements resources) {
        return resources == null || resources.getLimits() == null ? null : resources.getLimits().get("memory");
    }

    private void storage(String path, Storage storage) {
        if (storage == null) {
            return;
        }
        if (storage.volumeClaimTemplate != null) {
            pvcTemplate(path + ".volumeClaimTemplate", storage.volumeClaimTemplate);
        }
    }

    private void pvcTemplate(String path, PersistentVolumeClaim template) {
        var spec = template.getSpec();
        if (spec == null || spec.getResources() == null || spec.getResources().getRequests() == null
                || spec.getResources().getRequests().get("storage") == null) {
            error(path + ".spec.resources.requests.storage", "required: how much storage each pod's volume gets");
        }
    }

    private void pdb(String path, RedisPodDisruptionBudget pdb) {
        if (pdb == null) {
            return;
        }
        if (pdb.minAvailable != null && pdb.maxUnavailable != null) {
            error(path, "pdb.minAvailable and pdb.maxUnavailable are exclusive: set one of them");
        }
        nonNegative(path + ".minAvailable", pdb.minAvailable);
        nonNegative(path + ".maxUnavailable", pdb.maxUnavailable);
    }

    private void sentinelTimings(String path, SentinelConfig config, int sentinels) {
        Long quorum = config.quorum == null ? null : digits(path + ".quorum", config.quorum);
        if (quorum != null) {
            if (quorum < 1) {
                error(path + ".quorum", "must be at least 1");
            } else if (sentinels >= 1 && quorum > sentinels) {
                error(path + ".quorum", "is " + quorum + " but there are only " + sentinels + " Sentinels: no failover could ever be agreed");
            }
        }
        if (config.parallelSyncs != null) {
            Long syncs = digits(path + ".parallelSyncs", config.parallelSyncs);
            if (syncs != null && (syncs < 1 || syncs > Integer.MAX_VALUE)) {
                error(path + ".parallelSyncs", "must be between 1 and " + Integer.MAX_VALUE);
            }
        }
        if (config.failoverTimeout != null) {
            digits(path + ".failoverTimeout", config.failoverTimeout);
        }
        if (config.downAfterMilliseconds != null) {
            Long down = digits(path + ".downAfterMilliseconds", config.downAfterMilliseconds);
            if (down != null && down < 1) {
                error(path + ".downAfterMilliseconds", "must be at least 1");
            }
        }
        yesNo(path + ".resolveHostnames", config.resolveHostnames);
        yesNo(path + ".announceHostnames", config.announceHostnames);
    }

    private Long digits(String path, String value) {
        if (!DIGITS.matcher(value).matches() || value.length() > 18) {
            error(path, "must be a whole number written as a string (e.g. \"5000\"), got \"" + value + "\"");
            return null;
        }
        return Long.parseLong(value);
    }

    private void yesNo(String path, String value) {
        if (value != null && !YES_NO.matcher(value).matches()) {
            error(path, "must be \"yes\" or \"no\", got \"" + value + "\"");
        }
    }

    private void port(String path, long port) {
        if (port < 1 || port > 65535) {
            error(path, "must be a port between 1 and 65535, got " + port);
        }
    }

    private boolean positive(String path, Integer value, String what) {
        if (value == null) {
            error(path, "required: " + what);
            return false;
        }
        if (value < 1) {
            error(path, "must be at least 1, got " + value);
            return false;
        }
        return true;
    }

    private void nonNegative(String path, Number value) {
        if (value != null && value.longValue() < 0) {
            error(path, "must not be negative, got " + value);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private void error(String path, String message) {
        violations.add(Violation.error(path, message));
    }

    private void warning(String path, String message) {
        violations.add(Violation.warning(path, message));
    }
}

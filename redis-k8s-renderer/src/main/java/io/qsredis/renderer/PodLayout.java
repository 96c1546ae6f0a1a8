package io.qsredis.renderer;

/**
 * Names and paths inside the rendered pods that the operator, the pod runtimes and docs/POD-LAYOUT.md rely on.
 * Every file a container reads or writes is under one of these mounts.
 */
public final class PodLayout {
    /** Main container of a {@code redis-server} pod. */
    public static final String REDIS_CONTAINER = "redis";
    /** Main container of a {@code redis-sentinel} pod. */
    public static final String SENTINEL_CONTAINER = "sentinel";
    /** Init container that writes {@link #AUTH_CONF} (and {@link #POD_CONF} on cluster nodes) from the mounted Secret. */
    public static final String CONFIG_INIT_CONTAINER = "config";
    /** Init container that composes the writable {@link #SENTINEL_CONF}. */
    public static final String SENTINEL_CONFIG_INIT_CONTAINER = "sentinel-config";
    public static final String EXPORTER_CONTAINER = "redis-exporter";
    /** The user's {@code spec.initContainer}. */
    public static final String USER_INIT_CONTAINER = "user-init";

    /** Volume {@code config}: the rendered ConfigMap ({@code <sts>-config}), read-only. */
    public static final String CONFIG_VOLUME = "config";
    public static final String CONFIG_DIR = "/etc/redis/config";
    public static final String REDIS_CONF_KEY = "redis.conf";
    public static final String LIVE_CONF_KEY = "live.conf";
    public static final String SENTINEL_CONF_KEY = "sentinel.conf";
    public static final String REDIS_CONF = CONFIG_DIR + "/" + REDIS_CONF_KEY;
    public static final String LIVE_CONF = CONFIG_DIR + "/" + LIVE_CONF_KEY;
    public static final String SENTINEL_CONF_TEMPLATE = CONFIG_DIR + "/" + SENTINEL_CONF_KEY;

    /** Volume {@code runtime}: an emptyDir in memory, written by the init containers at pod start. */
    public static final String RUNTIME_VOLUME = "runtime";
    public static final String RUNTIME_DIR = "/etc/redis/runtime";
    /** requirepass and masterauth (with ACLs: masteruser and masterauth of the operator's user), or empty without a password. */
    public static final String AUTH_CONF = RUNTIME_DIR + "/auth.conf";
    /** The pod's own identity on cluster nodes: {@code cluster-announce-hostname}. */
    public static final String POD_CONF = RUNTIME_DIR + "/pod.conf";
    /** The Sentinel's configuration file, which Sentinel rewrites as it learns the group. */
    public static final String SENTINEL_CONF = RUNTIME_DIR + "/sentinel.conf";

    /** Volume {@code password}: the user's password Secret, its key renamed to {@link #PASSWORD_FILE}. */
    public static final String PASSWORD_VOLUME = "password";
    public static final String PASSWORD_DIR = "/etc/redis/secret";
    public static final String PASSWORD_FILE = PASSWORD_DIR + "/password";

    /** Volume {@code additional-config}: the user's ConfigMap, included last. */
    public static final String ADDITIONAL_CONFIG_VOLUME = "additional-config";
    public static final String ADDITIONAL_CONFIG_DIR = "/etc/redis/additional";
    public static final String ADDITIONAL_REDIS_CONF_KEY = "redis-additional.conf";
    public static final String ADDITIONAL_SENTINEL_CONF_KEY = "redis-sentinel-additional.conf";

    /** Volume {@code tls}: the user's TLS Secret. */
    public static final String TLS_VOLUME = "tls";
    public static final String TLS_DIR = "/etc/redis/tls";

    /** Volume {@code acl}: the user's ACL PVC at {@link #ACL_PVC_DIR} (upstream's path), read by the {@code config} init container. */
    public static final String ACL_VOLUME = "acl";
    public static final String ACL_PVC_DIR = "/data/redis";
    public static final String ACL_FILE_NAME = "user.acl";
    /**
     * Volume {@code operator-acl}: the operator's ACL Secret ({@link io.qsredis.renderer.model.AclSettings#operatorSecretName}):
     * {@link #ACL_FILE_NAME} (Secret mode: the user's file as last checked), {@link #DEFAULT_USER_ACL_KEY},
     * {@link #OPERATOR_USER_ACL_KEY} and {@link #OPERATOR_PASSWORD_KEY}.
     */
    public static final String OPERATOR_ACL_VOLUME = "operator-acl";
    public static final String OPERATOR_ACL_DIR = "/etc/redis/operator-acl";
    /** The default user's password as an ACL rule ({@code #<sha256>}), or empty when the resource has no password Secret. */
    public static final String DEFAULT_USER_ACL_KEY = "default.acl";
    /** The operator's own user, one ACL file line. */
    public static final String OPERATOR_USER_ACL_KEY = "operator.acl";
    /**
     * The password of the operator's own user ({@link io.qsredis.renderer.config.OperatorAclUser}), which replicas
     * ({@code masteruser}/{@code masterauth}) and the probes log in with.
     */
    public static final String OPERATOR_PASSWORD_KEY = "operator-password";
    public static final String OPERATOR_PASSWORD_FILE = OPERATOR_ACL_DIR + "/" + OPERATOR_PASSWORD_KEY;
    /** The effective ACL file Redis loads ({@code aclfile}) and {@code ACL SAVE} rewrites, assembled at pod start. */
    public static final String ACL_FILE = RUNTIME_DIR + "/users.acl";

    /** Data: a PVC from the claim template named after the StatefulSet, else an emptyDir named {@link #DATA_EMPTY_DIR_VOLUME}. */
    public static final String DATA_DIR = "/data";
    public static final String DATA_EMPTY_DIR_VOLUME = "data";

    /** Volume {@code node-conf}: a PVC holding nodes.conf of a cluster node when {@code storage.nodeConfVolume} is on. */
    public static final String NODE_CONF_VOLUME = "node-conf";
    public static final String NODE_CONF_DIR = "/node-conf";
    public static final String NODES_CONF_FILE_NAME = "nodes.conf";

    /** Env of every rendered container that needs the pod's identity (downward API). */
    public static final String POD_NAME_ENV = "POD_NAME";
    public static final String POD_IP_ENV = "POD_IP";

    /**
     * Pod-template annotation, copied onto each pod: one hash per aspect of the template that needs a restart to change
     * (the configuration Redis reads at start, images, resources...), so that a pod tells which revision it runs
     * ({@link io.qsredis.renderer.impact.PodRevision}).
     */
    public static final String RESTART_FINGERPRINT_ANNOTATION = "qsredis.io/restart-fingerprint";

    private PodLayout() {}
}

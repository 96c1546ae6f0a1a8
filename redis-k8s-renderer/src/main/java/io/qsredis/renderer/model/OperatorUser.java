package io.qsredis.renderer.model;

/**
 * The ACL user the operator logs in with on the servers of a resource that has an ACL file ({@code spec.acl}): its
 * name, what it may do, and the Secret holding its password, which the operator generates once and owns. The rules
 * name only the commands the operator sends (INFO, CONFIG, CLIENT, REPLICAOF, FAILOVER, CLUSTER, MIGRATE on every key,
 * ACL for applying the user's file live); the user's own file cannot take them away, because the line is the operator's.
 */
public final class OperatorUser {
    public static final String NAME = "qs-redis-operator";
    /** Key of the password in the Secret. */
    public static final String PASSWORD_KEY = "password";
    /** The rules after {@code user NAME}; the password is added to them. */
    public static final String RULES = "reset on ~* &* -@all +@connection +info +dbsize +role +config|get +config|set +client +replicaof"
            + " +failover +cluster +migrate +acl";

    private OperatorUser() {}

    /** The Secret of the operator's password for the resource {@code owner}. */
    public static String secretName(String owner) {
        return owner + "-operator-acl";
    }
}

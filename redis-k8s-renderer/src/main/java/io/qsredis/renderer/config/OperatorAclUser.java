package io.qsredis.renderer.config;

import java.util.List;

/**
 * The ACL user the operator logs in as wherever a resource has ACLs: its name and the only commands it may run, those
 * the operator's code sends (observe: PING, INFO, ROLE, DBSIZE, CLUSTER NODES/INFO/COUNTKEYSINSLOT; act: CLUSTER
 * MEET/ADDSLOTS/SETSLOT/REPLICATE/FAILOVER/FORGET/RESET/GETKEYSINSLOT, MIGRATE, REPLICAOF, FAILOVER, CLIENT
 * PAUSE/UNPAUSE/KILL, CONFIG GET/SET for live settings and password rotation, ACL to apply the user's file live).
 * MIGRATE reads and deletes the keys it moves, hence {@code ~*}; no Pub/Sub channel.
 */
public final class OperatorAclUser {
    public static final String NAME = "qs-redis-operator";

    /** The rules after the password, in ACL file syntax. */
    public static final List<String> RULES = List.of(
            "on", "resetchannels", "~*", "-@all",
            "+ping", "+info", "+role", "+dbsize",
            "+cluster", "+migrate", "+replicaof", "+failover",
            "+client|pause", "+client|unpause", "+client|kill",
            "+config|get", "+config|set",
            "+acl|list", "+acl|users", "+acl|getuser", "+acl|setuser", "+acl|deluser", "+acl|save");

    private OperatorAclUser() {}

    /** The user's line of an ACL file, with its password as a SHA-256 hash rule. */
    public static String aclLine(String passwordHashRule) {
        return "user " + NAME + " " + passwordHashRule + " " + String.join(" ", RULES);
    }
}

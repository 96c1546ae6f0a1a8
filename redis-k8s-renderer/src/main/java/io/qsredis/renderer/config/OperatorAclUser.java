package io.qsredis.renderer.config;

import java.util.List;

/**
 * The ACL user of a resource's own processes wherever it has ACLs, so that nothing the operator runs depends on what
 * the user's file allows the default user. Its commands are those sent by:
 * <ul>
 *   <li>the operator (observe: PING, INFO, ROLE, DBSIZE, CLUSTER NODES/INFO/COUNTKEYSINSLOT; act: CLUSTER
 *       MEET/ADDSLOTS/SETSLOT/REPLICATE/FAILOVER/FORGET/RESET/GETKEYSINSLOT, MIGRATE, REPLICAOF, FAILOVER, CLIENT
 *       PAUSE/UNPAUSE/KILL, CONFIG GET/SET for live settings and password rotation, ACL to apply the user's file live);
 *   <li>replicas, which log in to their master as this user ({@code masteruser}): PING, REPLCONF, PSYNC (SYNC);
 *   <li>Sentinels, which monitor the servers as this user ({@code auth-user}), the set Redis' Sentinel documentation
 *       lists: PING, INFO, ROLE, REPLICAOF/SLAVEOF, CONFIG REWRITE, CLIENT SETNAME/KILL, SCRIPT KILL, MULTI/EXEC,
 *       PUBLISH/SUBSCRIBE on their one channel {@code __sentinel__:hello};
 *   <li>the probes, which PING as this user.
 * </ul>
 * MIGRATE reads and deletes the keys it moves, hence {@code ~*}; PSYNC sends every key whatever the key patterns say.
 */
public final class OperatorAclUser {
    public static final String NAME = "qs-redis-operator";
    /** The channel Sentinels announce themselves on, through every server they monitor. */
    static final String SENTINEL_CHANNEL = "__sentinel__:hello";

    /** The rules after the password, in ACL file syntax. */
    public static final List<String> RULES = List.of(
            "on", "resetchannels", "&" + SENTINEL_CHANNEL, "~*", "-@all",
            "+ping", "+info", "+role", "+dbsize",
            "+cluster", "+migrate", "+replicaof", "+slaveof", "+failover",
            "+psync", "+sync", "+replconf",
            "+client|pause", "+client|unpause", "+client|kill", "+client|setname",
            "+config|get", "+config|set", "+config|rewrite",
            "+multi", "+exec", "+script|kill", "+publish", "+subscribe",
            "+acl|list", "+acl|users", "+acl|getuser", "+acl|setuser", "+acl|deluser", "+acl|save");

    private OperatorAclUser() {}

    /** The user's line of an ACL file, with its password as a SHA-256 hash rule. */
    public static String aclLine(String passwordHashRule) {
        return "user " + NAME + " " + passwordHashRule + " " + String.join(" ", RULES);
    }
}

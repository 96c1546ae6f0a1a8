package io.qsredis.operator.redis;

import io.qsredis.operator.acl.OperatorAcl;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.resps.AccessControlUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way a resource's Redis servers move to a new password live, whatever the kind: {@code masterauth}
 * everywhere first (replication links in place keep working, and the next one authenticates with the new password),
 * then {@code requirepass} on every server that does not accept the new one yet, in the given order (replicas
 * first, masters last). Connections already open stay authenticated; clients reconnect with the new password.
 * Idempotent: a rotation cut short by an operator restart is finished by the next pass (the old password is in the
 * resource's {@link PasswordHistory}). The password is the default user's; when the operator logs in as its own ACL user,
 * Redis' password hashes tell whether the default user has the new one. With ACLs the replicas log in to their master as
 * the operator's own user ({@code masteruser}), whose password is not the Secret's: {@code masterauth} stays as it is.
 */
public final class PasswordRotation {
    private PasswordRotation() {}

    /**
     * @param servers the reachable servers, replicas first
     * @param login how to get in, the desired password first
     * @param acl whether the resource has ACLs (its replicas then log in as the operator's own user)
     * @return the servers that took the new password now
     */
    public static List<HostAndPort> rotate(List<HostAndPort> servers, Login login, Optional<String> desired, boolean acl) {
        for (HostAndPort server : acl ? List.<HostAndPort>of() : servers) {
            try (NodeSession session = NodeSession.open(server, login)) {
                session.jedis().configSet("masterauth", desired.orElse(""));
            }
        }
        List<HostAndPort> rotated = new ArrayList<>();
        for (HostAndPort server : servers) {
            try (NodeSession session = NodeSession.open(server, login)) {
                if (!defaultUserHasDesired(session, login, desired)) {
                    session.jedis().configSet("requirepass", desired.orElse(""));
                    if (login.user().isPresent()) {
                        // The ACL file, which Redis reloads when its container restarts, has the new password too.
                        session.jedis().aclSave();
                    }
                    rotated.add(server);
                }
            }
        }
        return rotated;
    }

    /**
     * Whether the default user runs the desired password: told by the login itself when the operator logs in as the
     * default user, else by the password hashes Redis keeps for it ({@code ACL GETUSER default}).
     */
    public static boolean defaultUserHasDesired(NodeSession session, Login login, Optional<String> desired) {
        if (login.user().isEmpty()) {
            return session.acceptedDesired();
        }
        AccessControlUser user = session.jedis().aclGetUser("default");
        return desired.isEmpty()
                ? user.getFlags().contains("nopass")
                : user.getPasswords().contains(OperatorAcl.passwordHash(desired.get()));
    }
}

package io.qsredis.operator.redis;

import redis.clients.jedis.HostAndPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way a resource's Redis servers move to a new password live, whatever the kind: {@code masterauth}
 * everywhere first (replication links in place keep working, and the next one authenticates with the new password),
 * then {@code requirepass} on every server that does not accept the new one yet, in the given order (replicas
 * first, masters last). Connections already open stay authenticated; clients reconnect with the new password.
 * Idempotent: a rotation cut short by an operator restart is finished by the next pass (the old password is in the
 * resource's {@link PasswordHistory}).
 */
public final class PasswordRotation {
    private PasswordRotation() {}

    /**
     * @param servers the reachable servers, replicas first
     * @param login how to get in, the desired password first
     * @return the servers that took the new password now
     */
    public static List<HostAndPort> rotate(List<HostAndPort> servers, Login login, Optional<String> desired) {
        for (HostAndPort server : servers) {
            try (NodeSession session = NodeSession.open(server, login)) {
                session.jedis().configSet("masterauth", desired.orElse(""));
            }
        }
        List<HostAndPort> rotated = new ArrayList<>();
        for (HostAndPort server : servers) {
            try (NodeSession session = NodeSession.open(server, login)) {
                if (!session.acceptedDesired()) {
                    session.jedis().configSet("requirepass", desired.orElse(""));
                    rotated.add(server);
                }
            }
        }
        return rotated;
    }
}

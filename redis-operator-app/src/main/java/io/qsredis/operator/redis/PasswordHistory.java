package io.qsredis.operator.redis;

import io.qsredis.operator.loop.ResourceKey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passwords a resource's Redis processes accepted lately, newest first, kept in memory only. When the Secret
 * changes, the processes still run with the old password until the operator rotates them live; a container
 * restarted in place reads the password its pod started with. Either way the operator needs the old one to get in.
 * An operator restarted in the middle has lost them, and reports the nodes it cannot authenticate to.
 */
public final class PasswordHistory {
    private static final int KEPT = 3;

    private final Map<ResourceKey, List<String>> accepted = new ConcurrentHashMap<>();

    /** Passwords to try, in order: the desired one (the Secret's, if any), then those accepted before. */
    public List<Optional<String>> candidates(ResourceKey key, Optional<String> desired) {
        LinkedHashSet<Optional<String>> candidates = new LinkedHashSet<>();
        candidates.add(desired);
        accepted.getOrDefault(key, List.of()).forEach(password -> candidates.add(Optional.of(password)));
        return new ArrayList<>(candidates);
    }

    /** Records that nodes of {@code key} accept {@code password}. */
    public void accepted(ResourceKey key, Optional<String> password) {
        password.ifPresent(p -> accepted.compute(key, (k, before) -> {
            List<String> list = new ArrayList<>();
            list.add(p);
            if (before != null) {
                before.stream().filter(old -> !old.equals(p)).limit(KEPT - 1).forEach(list::add);
            }
            return List.copyOf(list);
        }));
    }

    public void forget(ResourceKey key) {
        accepted.remove(key);
    }
}

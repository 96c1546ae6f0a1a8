package io.qsredis.operator.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.operator.loop.ResourceKey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passwords a resource's Redis processes accepted lately, newest first. When the Secret changes, the processes
 * still run with the old password until the operator rotates them live; a container restarted in place reads the
 * password its pod started with. Either way the operator needs the old one to get in. The history is kept in memory
 * and in a {@link Store} (a Secret the resource owns), so that an operator restarted in the middle of a rotation
 * still knows the old password and the rotation resumes by itself.
 */
public final class PasswordHistory {
    private static final int KEPT = 3;

    /** Where the history outlives the operator. */
    public interface Store {
        /** The history last saved for {@code owner}, newest first; empty when none was. */
        List<String> load(HasMetadata owner);

        void save(HasMetadata owner, List<String> passwords);

        /** A history that lives in memory only. */
        Store NONE = new Store() {
            @Override
            public List<String> load(HasMetadata owner) {
                return List.of();
            }

            @Override
            public void save(HasMetadata owner, List<String> passwords) {}
        };
    }

    private final Store store;
    private final Map<ResourceKey, List<String>> accepted = new ConcurrentHashMap<>();

    public PasswordHistory(Store store) {
        this.store = store;
    }

    /** Passwords to try, in order: the desired one (the Secret's, if any), then those accepted before. */
    public List<Optional<String>> candidates(HasMetadata owner, Optional<String> desired) {
        LinkedHashSet<Optional<String>> candidates = new LinkedHashSet<>();
        candidates.add(desired);
        history(owner).forEach(password -> candidates.add(Optional.of(password)));
        return new ArrayList<>(candidates);
    }

    /** Records that nodes of {@code owner} accept {@code password}. */
    public void accepted(HasMetadata owner, Optional<String> password) {
        if (password.isEmpty()) {
            return;
        }
        List<String> before = history(owner);
        List<String> list = new ArrayList<>();
        list.add(password.get());
        before.stream().filter(old -> !old.equals(password.get())).limit(KEPT - 1).forEach(list::add);
        if (!list.equals(before)) {
            store.save(owner, List.copyOf(list));
            accepted.put(ResourceKey.of(owner), List.copyOf(list));
        }
    }

    public void forget(ResourceKey key) {
        accepted.remove(key);
    }

    private List<String> history(HasMetadata owner) {
        return accepted.computeIfAbsent(ResourceKey.of(owner), key -> List.copyOf(store.load(owner)));
    }
}

package io.qsredis.operator.reconcile;

import io.qsredis.operator.loop.ResourceKey;
import org.slf4j.event.Level;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The level of a reconciler's one line per pass: INFO when the pass acts, or when what it waits for differs from the
 * resource's previous pass; DEBUG when it only repeats that wait (a cluster waiting for gossip passes every second)
 * or the resource is steady. A wait that ends and comes back is logged again.
 */
final class PassLog {
    private final Map<ResourceKey, String> lastWait = new ConcurrentHashMap<>();

    /**
     * @param acts whether the pass changes something (or holds a change back on purpose)
     * @param wait what the pass waits for, empty when it waits for nothing
     */
    Level level(ResourceKey key, boolean acts, String wait) {
        if (wait.isEmpty()) {
            lastWait.remove(key);
            return acts ? Level.INFO : Level.DEBUG;
        }
        boolean news = !wait.equals(lastWait.put(key, wait));
        return acts || news ? Level.INFO : Level.DEBUG;
    }

    void forget(ResourceKey key) {
        lastWait.remove(key);
    }
}

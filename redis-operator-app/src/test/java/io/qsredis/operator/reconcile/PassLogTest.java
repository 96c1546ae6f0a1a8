package io.qsredis.operator.reconcile;

import io.qsredis.operator.loop.ResourceKey;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** Which passes are worth an INFO line. */
class PassLogTest {
    private static final ResourceKey SHOP = new ResourceKey("RedisCluster", "default", "shop");
    private static final ResourceKey CACHE = new ResourceKey("RedisReplication", "default", "cache");

    @Test
    void aRepeatedWaitIsLoggedOnceAtInfo() {
        PassLog log = new PassLog();

        assertThat(log.level(SHOP, false, "a reports cluster_state:fail")).isEqualTo(Level.INFO);
        assertThat(log.level(SHOP, false, "a reports cluster_state:fail")).isEqualTo(Level.DEBUG);
        assertThat(log.level(SHOP, false, "b has not learned a")).isEqualTo(Level.INFO);
    }

    @Test
    void aPassThatActsIsAlwaysInfo() {
        PassLog log = new PassLog();
        log.level(SHOP, false, "waiting");

        assertThat(log.level(SHOP, true, "waiting")).isEqualTo(Level.INFO);
        assertThat(log.level(SHOP, true, "")).isEqualTo(Level.INFO);
    }

    @Test
    void aSteadyPassIsDebugAndAWaitThatComesBackIsLoggedAgain() {
        PassLog log = new PassLog();
        log.level(SHOP, false, "waiting");

        assertThat(log.level(SHOP, false, "")).isEqualTo(Level.DEBUG);
        assertThat(log.level(SHOP, false, "waiting")).isEqualTo(Level.INFO);
    }

    @Test
    void eachResourceHasItsOwnLastWait() {
        PassLog log = new PassLog();
        log.level(SHOP, false, "waiting");

        assertThat(log.level(CACHE, false, "waiting")).isEqualTo(Level.INFO);
    }
}

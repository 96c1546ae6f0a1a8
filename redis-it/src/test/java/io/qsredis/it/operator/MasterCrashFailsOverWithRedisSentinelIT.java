package io.qsredis.it.operator;

import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** RedisReplication {@code app} watched by RedisSentinel {@code app} (its own StatefulSet {@code app-sentinel}). */
class MasterCrashFailsOverWithRedisSentinelIT extends MasterCrashScenario {

    @Override
    String manifests() {
        return SentinelGroupManifests.replicationWithSentinels("mymaster");
    }

    @Override
    String sentinelService() {
        return "app-sentinel";
    }

    @Override
    String group() {
        return "mymaster";
    }

    @Override
    void awaitReady() {
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(20));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReplicaIsPromotedNoAcknowledgedWriteIsLostAndTheOldMasterReturnsAsAReplica() {
        killingTheMasterPromotesAReplicaAndLosesNoAcknowledgedWrite();
    }
}

package io.qsredis.it.operator;

import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** RedisReplication {@code app} running its own Sentinels ({@code spec.sentinel}, StatefulSet {@code app-s}). */
class MasterCrashFailsOverWithEmbeddedSentinelIT extends MasterCrashScenario {

    @Override
    String manifests() {
        return SentinelGroupManifests.replication() + """
                  sentinel:
                    size: 3
                """;
    }

    @Override
    String sentinelService() {
        return "app-s-hl";
    }

    @Override
    String group() {
        return "myMaster";
    }

    @Override
    void awaitReady() {
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReplicaIsPromotedNoAcknowledgedWriteIsLostAndTheOldMasterReturnsAsAReplica() {
        killingTheMasterPromotesAReplicaAndLosesNoAcknowledgedWrite();
    }
}

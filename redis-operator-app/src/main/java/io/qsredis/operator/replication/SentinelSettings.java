package io.qsredis.operator.replication;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.sentinel.SentinelMonitor;

import java.util.Optional;

/** A group's Sentinel settings as the spec gives them, before the master they apply to is known. */
public record SentinelSettings(String masterGroupName, int quorum, long downAfterMillis, long failoverTimeoutMillis, int parallelSyncs) {

    public static SentinelSettings of(io.qsredis.renderer.model.SentinelMonitor spec) {
        return new SentinelSettings(spec.masterGroupName(), spec.quorum(), spec.downAfterMilliseconds(), spec.failoverTimeout(), spec.parallelSyncs());
    }

    /** The settings for {@code master}, with the user (the default user when empty) and password the Sentinels log in to the servers with. */
    public SentinelMonitor withMaster(Endpoint master, Optional<String> authUser, Optional<String> authPass) {
        return SentinelMonitor.builder()
                .masterName(masterGroupName)
                .master(master)
                .quorum(quorum)
                .downAfterMillis(downAfterMillis)
                .failoverTimeoutMillis(failoverTimeoutMillis)
                .parallelSyncs(parallelSyncs)
                .authUser(authUser)
                .authPass(authPass)
                .build();
    }
}

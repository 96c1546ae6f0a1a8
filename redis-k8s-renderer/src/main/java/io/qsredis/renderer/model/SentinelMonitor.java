package io.qsredis.renderer.model;

import java.util.Optional;

/**
 * The master group Sentinels watch. Sentinel only accepts these settings for a group it already monitors, so
 * they are not in the rendered sentinel.conf: the operator applies them with {@code SENTINEL MONITOR} and
 * {@code SENTINEL SET} once it knows the master.
 *
 * @param replicationName the RedisReplication whose master the group follows
 * @param masterPassword the Secret key with the replication's password ({@code auth-pass})
 */
public record SentinelMonitor(
        String masterGroupName,
        String replicationName,
        int redisPort,
        int quorum,
        long downAfterMilliseconds,
        long failoverTimeout,
        int parallelSyncs,
        Optional<SecretKeyRef> masterPassword) {}

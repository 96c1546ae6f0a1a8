package io.qsredis.model;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code RedisCluster.spec.clusterVersion}: the major version of the Redis image, written as upstream reads it
 * ({@code v7}, {@code 7}, {@code v7.2}, {@code v8.0.1}). Redis 7 features (hostname announcements) are on from 7 up.
 */
public final class ClusterVersion {

    private static final Pattern FORM = Pattern.compile("[vV]?([0-9]{1,4})(\\.[0-9]+)*");

    private ClusterVersion() {}

    /** The major version, or empty when the value is not of that form (upstream silently reads such a value as 7). */
    public static OptionalInt major(String clusterVersion) {
        Matcher matcher = FORM.matcher(clusterVersion);
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    /** Whether nodes of that version announce their host names ({@code cluster-announce-hostname}, Redis 7 and later). */
    public static boolean announcesHostnames(String clusterVersion) {
        return major(clusterVersion).orElse(7) >= 7;
    }
}

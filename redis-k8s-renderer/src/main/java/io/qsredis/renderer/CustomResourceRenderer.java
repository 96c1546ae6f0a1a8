package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.renderer.model.RedisClusterModel;
import io.qsredis.renderer.model.RedisModel;
import io.qsredis.renderer.model.RedisReplicationModel;
import io.qsredis.renderer.model.RedisSentinelModel;
import io.qsredis.renderer.resources.RedisClusterRenderer;
import io.qsredis.renderer.resources.RedisRenderer;
import io.qsredis.renderer.resources.RedisReplicationRenderer;
import io.qsredis.renderer.resources.RedisSentinelRenderer;

/** Renders a custom resource of any of the four kinds; the per-kind renderers take the kind's model instead. */
public final class CustomResourceRenderer {
    private CustomResourceRenderer() {}

    /**
     * @throws io.qsredis.renderer.model.InvalidSpecException when the spec cannot be rendered
     * @throws IllegalArgumentException when the resource is none of the four kinds
     */
    public static DesiredObjects render(HasMetadata resource, RenderOptions options) {
        if (resource instanceof Redis redis) {
            return RedisRenderer.render(RedisModel.fromCr(redis, options));
        }
        if (resource instanceof RedisReplication replication) {
            return RedisReplicationRenderer.render(RedisReplicationModel.fromCr(replication, options));
        }
        if (resource instanceof RedisSentinel sentinel) {
            return RedisSentinelRenderer.render(RedisSentinelModel.fromCr(sentinel, options));
        }
        if (resource instanceof RedisCluster cluster) {
            return RedisClusterRenderer.render(RedisClusterModel.fromCr(cluster, options));
        }
        throw new IllegalArgumentException("not a Redis, RedisReplication, RedisSentinel or RedisCluster: " + resource.getKind());
    }
}

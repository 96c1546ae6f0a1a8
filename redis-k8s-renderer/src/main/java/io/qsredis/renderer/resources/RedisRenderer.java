package io.qsredis.renderer.resources;

import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.model.RedisModel;

import java.util.List;

/** Everything a {@code Redis} owns: ConfigMap {@code X-config}, Services {@code X}, {@code X-headless}, {@code X-additional}, {@code X-metrics}, StatefulSet {@code X}. */
public final class RedisRenderer {
    private RedisRenderer() {}

    public static DesiredObjects render(RedisModel model) {
        return new ObjectSet().servers(model.server(), List.of()).build();
    }
}

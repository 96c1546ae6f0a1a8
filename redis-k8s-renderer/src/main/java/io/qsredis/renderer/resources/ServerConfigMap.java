package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.config.RedisConf;
import io.qsredis.renderer.model.ServerSetModel;

import java.util.Map;
import java.util.TreeMap;

/** {@code <sts>-config}: redis.conf and live.conf of a StatefulSet. Holds no secret. */
final class ServerConfigMap {
    private ServerConfigMap() {}

    static ConfigMap desired(ServerSetModel model) {
        Map<String, String> data = new TreeMap<>();
        data.put(PodLayout.REDIS_CONF_KEY, RedisConf.redisConf(model));
        data.put(PodLayout.LIVE_CONF_KEY, RedisConf.liveConf(model));
        return new ConfigMapBuilder()
                .withMetadata(ObjectMetas.of(model.configMapName(), model.owner(), model.labels(), Map.of()))
                .withData(data)
                .build();
    }
}

package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.config.SentinelConf;
import io.qsredis.renderer.model.SentinelSetModel;

import java.util.Map;

/** {@code <sts>-config}: the sentinel.conf template the {@code sentinel-config} init container starts from. */
final class SentinelConfigMap {
    private SentinelConfigMap() {}

    static ConfigMap desired(SentinelSetModel model) {
        return new ConfigMapBuilder()
                .withMetadata(ObjectMetas.of(model.configMapName(), model.owner(), model.labels(), Map.of()))
                .withData(Map.of(PodLayout.SENTINEL_CONF_KEY, SentinelConf.sentinelConf(model)))
                .build();
    }
}

package io.qsredis.renderer.resources;

import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.model.RedisSentinelModel;
import io.qsredis.renderer.model.SentinelSetModel;

/**
 * Everything a {@code RedisSentinel} owns: ConfigMap {@code X-sentinel-config}, Services {@code X-sentinel},
 * {@code X-sentinel-headless}, {@code X-sentinel-additional}, {@code X-sentinel-metrics}, StatefulSet
 * {@code X-sentinel} and PodDisruptionBudget {@code X-sentinel}.
 */
public final class RedisSentinelRenderer {
    private RedisSentinelRenderer() {}

    public static DesiredObjects render(RedisSentinelModel model) {
        SentinelSetModel sentinels = model.sentinels();
        return new ObjectSet()
                .sentinels(sentinels)
                .budget(model.podDisruptionBudgetName(), DisruptionBudget.desired(model.podDisruptionBudgetName(), sentinels.owner(),
                        sentinels.labels(), sentinels.selectorLabels(), sentinels.pdb()))
                .build();
    }
}

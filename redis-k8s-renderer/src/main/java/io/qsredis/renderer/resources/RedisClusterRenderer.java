package io.qsredis.renderer.resources;

import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.model.Labels;
import io.qsredis.renderer.model.RedisClusterModel;
import io.qsredis.renderer.model.ServerSetModel;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a {@code RedisCluster} owns: for each role R of leader and follower, ConfigMap {@code X-R-config},
 * Services {@code X-R}, {@code X-R-headless}, {@code X-R-additional}, {@code X-R-metrics}, StatefulSet {@code X-R}
 * and PodDisruptionBudget {@code X-R}; and {@code X-master} over the pods that are masters now. Followers prefer
 * nodes without leaders, so that a shard does not lose its master and its replica with one node.
 */
public final class RedisClusterRenderer {
    private RedisClusterRenderer() {}

    public static DesiredObjects render(RedisClusterModel model) {
        ServerSetModel leaders = model.leaders();
        ServerSetModel followers = model.followers();
        Map<String, String> clusterPods = new TreeMap<>();
        clusterPods.put(Labels.CLUSTER, model.owner().name());
        clusterPods.put(Labels.SETUP_TYPE, leaders.setupType().label());
        Map<String, String> masterLabels = new TreeMap<>(leaders.labels());
        masterLabels.put(Labels.APP, model.masterServiceName());
        masterLabels.remove(Labels.ROLE);
        masterLabels.put(Labels.COMPONENT, Labels.REDIS_ROLE_MASTER);
        return new ObjectSet()
                .servers(leaders, List.of(followers.selectorLabels()))
                .servers(followers, List.of(leaders.selectorLabels()))
                .service(RedisRoleService.desired(model.owner(), model.masterServiceName(), masterLabels, clusterPods,
                        Labels.REDIS_ROLE_MASTER, leaders.port()))
                .budget(leaders.name(), DisruptionBudget.desired(leaders.name(), model.owner(), leaders.labels(), leaders.selectorLabels(), leaders.pdb()))
                .budget(followers.name(), DisruptionBudget.desired(followers.name(), model.owner(), followers.labels(), followers.selectorLabels(), followers.pdb()))
                .build();
    }
}

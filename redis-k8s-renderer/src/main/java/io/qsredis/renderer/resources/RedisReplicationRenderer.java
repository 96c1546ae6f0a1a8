package io.qsredis.renderer.resources;

import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.model.Labels;
import io.qsredis.renderer.model.RedisReplicationModel;
import io.qsredis.renderer.model.ServerSetModel;

import java.util.List;

/**
 * Everything a {@code RedisReplication} owns: the servers' objects as a Redis's plus {@code X-master} and
 * {@code X-replica}, PodDisruptionBudget {@code X-replication}, and the embedded Sentinels {@code X-s},
 * {@code X-s-hl}, {@code X-s-config} (absent without {@code spec.sentinel}).
 */
public final class RedisReplicationRenderer {
    private RedisReplicationRenderer() {}

    public static DesiredObjects render(RedisReplicationModel model) {
        ServerSetModel servers = model.servers();
        return new ObjectSet()
                .servers(servers, List.of())
                .service(RedisRoleService.desired(servers.owner(), model.masterServiceName(), servers.labels(),
                        servers.selectorLabels(), Labels.REDIS_ROLE_MASTER, servers.port()))
                .service(RedisRoleService.desired(servers.owner(), model.replicaServiceName(), servers.labels(),
                        servers.selectorLabels(), Labels.REDIS_ROLE_REPLICA, servers.port()))
                .embeddedSentinels(servers.name() + "-s", model.sentinels().orElse(null))
                .budget(model.podDisruptionBudgetName(), DisruptionBudget.desired(model.podDisruptionBudgetName(), servers.owner(),
                        servers.labels(), servers.selectorLabels(), servers.pdb()))
                .build();
    }
}

package io.qsredis.sandbox;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.qsredis.model.RedisClusterStatus;
import io.qsredis.model.RedisReplicationStatus;
import io.qsredis.model.RedisSentinelStatus;
import io.qsredis.model.common.CommonStatus;

import java.util.List;
import java.util.Objects;

/** One line of what the operator says about a custom resource, as the sandbox prints it when it changes. */
public record ResourceSummary(String resource, boolean ready, String line) {

    public static ResourceSummary of(HasMetadata cr) {
        String resource = cr.getKind() + " " + cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName();
        Object status = cr instanceof CustomResource<?, ?> custom ? custom.getStatus() : null;
        if (!(status instanceof CommonStatus common) || common.conditions == null || common.conditions.isEmpty()) {
            return new ResourceSummary(resource, false, resource + ": waiting for the operator");
        }
        Condition ready = find(common.conditions, "Ready");
        boolean isReady = ready != null && "True".equals(ready.getStatus())
                && Objects.equals(common.observedGeneration, cr.getMetadata().getGeneration());
        StringBuilder line = new StringBuilder(resource).append(": ");
        line.append(isReady ? "Ready" : "not ready");
        if (ready != null) {
            line.append(" (").append(ready.getReason()).append(": ").append(ready.getMessage()).append(')');
        }
        for (String type : List.of("InvalidSpec", "Degraded")) {
            Condition condition = find(common.conditions, type);
            if (condition != null && "True".equals(condition.getStatus())) {
                line.append("; ").append(type).append(" (").append(condition.getReason()).append(": ").append(condition.getMessage()).append(')');
            }
        }
        if (status instanceof RedisReplicationStatus replication && replication.masterNode != null) {
            line.append("; master ").append(replication.masterNode);
        }
        if (status instanceof RedisSentinelStatus sentinel && sentinel.masterAddress != null) {
            line.append("; master at ").append(sentinel.masterAddress);
        }
        if (status instanceof RedisClusterStatus cluster && cluster.state != null) {
            line.append("; ").append(cluster.state).append(", ready leaders ").append(cluster.readyLeaderReplicas)
                    .append(", followers ").append(cluster.readyFollowerReplicas);
        }
        return new ResourceSummary(resource, isReady, line.toString());
    }

    private static Condition find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}

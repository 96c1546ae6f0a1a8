package io.qsredis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.qsredis.model.common.CommonStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisClusterStatus extends CommonStatus {
    @PrinterColumn(name = "State", priority = 1)
    public RedisClusterState state;

    @PrinterColumn(name = "Reason", priority = 1)
    public String reason;

    @PrinterColumn(name = "ReadyLeaderReplicas")
    public Integer readyLeaderReplicas;

    @PrinterColumn(name = "ReadyFollowerReplicas")
    public Integer readyFollowerReplicas;

    /** Lifecycle of a Redis Cluster as upstream reports it. */
    public enum RedisClusterState {
        Initializing,
        Bootstrap,
        Ready,
        Failed
    }
}

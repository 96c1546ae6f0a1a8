package io.qsredis.operator.reconcile;

import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.renderer.RenderOptions;

import java.util.List;

/** The kinds this operator reconciles, and their reconcilers. */
public final class Reconcilers {
    public static final List<PrimaryKind<?>> KINDS = List.of(RedisReconciler.KIND, RedisReplicationReconciler.KIND, RedisSentinelReconciler.KIND,
            RedisClusterReconciler.KIND);

    private Reconcilers() {}

    public static List<Reconciler<?>> create(Operator.Context context, RenderOptions options) {
        return List.of(
                new RedisReconciler(context, options),
                new RedisReplicationReconciler(context, options),
                new RedisSentinelReconciler(context, options),
                new RedisClusterReconciler(context, options));
    }
}

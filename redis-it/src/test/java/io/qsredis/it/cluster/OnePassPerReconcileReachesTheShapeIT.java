package io.qsredis.it.cluster;

import io.qsredis.it.harness.ClusterKeys;
import io.qsredis.it.harness.RedisProcess;
import io.qsredis.it.harness.RedisProcesses;
import io.qsredis.topology.cluster.ClusterPlan;
import io.qsredis.topology.cluster.ClusterPlanner;
import io.qsredis.topology.cluster.ClusterShape;
import io.qsredis.topology.cluster.NodeSpec;
import io.qsredis.topology.exec.ClusterExecutor;
import io.qsredis.topology.exec.ClusterObserver;
import io.qsredis.topology.exec.ClusterProgressListener;
import io.qsredis.topology.exec.ExecutorOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.qsredis.it.cluster.ClusterTesting.CONNECTOR;
import static io.qsredis.it.cluster.ClusterTesting.clusterNodes;
import static io.qsredis.it.cluster.ClusterTesting.masters;
import static io.qsredis.it.cluster.ClusterTesting.redisCliCheck;
import static io.qsredis.it.cluster.ClusterTesting.replicasOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The way the operator drives the library: each pass observes, plans, runs every safe step and at most one
 * disruptive one, never waits inside the pass (a step that would wait says WAITING), and is requeued.
 */
class OnePassPerReconcileReachesTheShapeIT {

    private static final int KEYS = 30_000;

    private final RedisProcesses redis = new RedisProcesses("passes");

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void passesThatNeverWaitAndDisruptAtMostOnceEachCreateThenGrowTheCluster() throws InterruptedException {
        List<RedisProcess> nodes = redis.start(30500, 6);
        ClusterShape small = shape(nodes.subList(0, 4), 2);
        int passes = reconcileUntilConverged(small);
        new ClusterKeys(CONNECTOR).load(nodes.get(0).endpoint(), "k", KEYS);

        ClusterShape grown = shape(nodes, 3);
        passes += reconcileUntilConverged(grown);

        assertThat(passes).isLessThan(400);
        assertThat(new ClusterKeys(CONNECTOR).missingOrWrong(nodes.get(0).endpoint(), "k", KEYS)).isZero();
        var view = clusterNodes(nodes.get(5).endpoint());
        assertThat(masters(view)).hasSize(3).allSatisfy(m -> assertThat(replicasOf(view, m)).hasSize(1));
        assertThat(redisCliCheck(nodes.get(0).endpoint()).exitCode()).isZero();
    }

    private static ClusterShape shape(List<RedisProcess> nodes, int masters) {
        return ClusterShape.of(nodes.stream().map(n -> NodeSpec.of(n.endpoint())).toList(), masters, 1);
    }

    /** Reconcile passes 50 ms apart (the requeue); returns how many it took. */
    private static int reconcileUntilConverged(ClusterShape shape) throws InterruptedException {
        ClusterPlanner planner = new ClusterPlanner();
        try (ClusterObserver observer = new ClusterObserver(CONNECTOR);
                ClusterExecutor executor = new ClusterExecutor(CONNECTOR, ExecutorOptions.defaults(), ClusterProgressListener.NONE)) {
            for (int pass = 1; pass <= 1000; pass++) {
                ClusterPlan plan = planner.plan(observer.observe(shape.endpoints()), shape);
                assertThat(plan.blockers()).isEmpty();
                if (plan.converged()) {
                    return pass;
                }
                long start = System.nanoTime();
                assertThat(executor.executePass(plan).failed()).isEmpty();
                assertThat((System.nanoTime() - start) / 1_000_000).as("one pass, in ms").isLessThan(5_000);
                Thread.sleep(50);
            }
        }
        throw new AssertionError("not converged after 1000 passes: " + shape);
    }
}

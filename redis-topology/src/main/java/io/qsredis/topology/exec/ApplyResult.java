package io.qsredis.topology.exec;

import io.qsredis.topology.cluster.ClusterPlan;

import java.time.Duration;

/**
 * The outcome of {@link ClusterApplier#apply}: converged or not, the last plan (whose pending reasons or
 * blockers say why not), and what was done.
 */
public record ApplyResult(boolean converged, ClusterPlan lastPlan, int passes, int steps, int slotsMoved, long keysMoved, Duration elapsed) {}

package io.qsredis.topology.replication;

import io.qsredis.topology.Endpoint;

/** One command for one data node of a replication group. */
public sealed interface ReplicationStep {

    /** {@code REPLICAOF NO ONE}. */
    record PromoteToMaster(Endpoint node) implements ReplicationStep {
        @Override
        public String toString() {
            return "promote " + node + " to master";
        }
    }

    /** {@code REPLICAOF host port}. */
    record ReplicaOf(Endpoint node, Endpoint master) implements ReplicationStep {
        @Override
        public String toString() {
            return "make " + node + " a replica of " + master;
        }
    }

    /** {@code SENTINEL FAILOVER name} on one sentinel: Sentinel picks and promotes the best replica. */
    record AskSentinelToFailOver(Endpoint sentinel, String masterName) implements ReplicationStep {
        @Override
        public String toString() {
            return "ask sentinel " + sentinel + " to fail " + masterName + " over";
        }
    }
}

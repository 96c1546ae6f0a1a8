package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;

/** One command for one sentinel. */
public sealed interface SentinelStep {

    Endpoint sentinel();

    /** {@code SENTINEL MONITOR name ip port quorum}, then {@code SENTINEL SET} for every other setting. */
    record Monitor(Endpoint sentinel, SentinelMonitor monitor) implements SentinelStep {
        @Override
        public String toString() {
            return "monitor " + monitor.masterName() + " at " + monitor.master() + " (quorum " + monitor.quorum() + ") on sentinel " + sentinel;
        }
    }

    /** {@code SENTINEL REMOVE name}: forget the group, before monitoring it again at another address. */
    record Remove(Endpoint sentinel, String masterName) implements SentinelStep {
        @Override
        public String toString() {
            return "remove " + masterName + " from sentinel " + sentinel;
        }
    }

    /** {@code SENTINEL SET name option value}. Its text never shows the value of a password option. */
    record Set(Endpoint sentinel, String masterName, String option, String value) implements SentinelStep {
        @Override
        public String toString() {
            String shown = option.equalsIgnoreCase("auth-pass") ? "(redacted)" : value;
            return "set " + option + " " + shown + " for " + masterName + " on sentinel " + sentinel;
        }
    }

    /** {@code SENTINEL RESET name}: forget known replicas and sentinels, and learn them again. */
    record Reset(Endpoint sentinel, String masterName) implements SentinelStep {
        @Override
        public String toString() {
            return "reset " + masterName + " on sentinel " + sentinel;
        }
    }

    /** {@code SENTINEL FAILOVER name}: ask Sentinel itself to promote a replica. */
    record Failover(Endpoint sentinel, String masterName) implements SentinelStep {
        @Override
        public String toString() {
            return "ask sentinel " + sentinel + " to fail " + masterName + " over";
        }
    }
}

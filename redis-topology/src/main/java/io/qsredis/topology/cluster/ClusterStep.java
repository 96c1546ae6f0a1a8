package io.qsredis.topology.cluster;

import java.util.List;

/**
 * One small, idempotent action on live nodes. Running a step again after it succeeded changes nothing;
 * running it after a crash half-way finishes it. Steps are data: the executor carries them out, tests
 * simulate them.
 */
public sealed interface ClusterStep {

    /**
     * Moves data or changes who serves writes (a slot batch, a failover). The operator runs at most one
     * disruptive step per reconcile pass; the others are cheap configuration changes.
     */
    boolean disruptive();

    /** {@code CLUSTER MEET ip port busPort} sent to {@code via}: introduces {@code node}, or its new address. */
    record Meet(NodeRef via, NodeRef node, String ip, int port, int busPort) implements ClusterStep {
        @Override
        public boolean disruptive() {
            return false;
        }

        @Override
        public String toString() {
            return "meet " + node + " at " + ip + ":" + port + " via " + via;
        }
    }

    /** {@code CLUSTER ADDSLOTSRANGE} on {@code master} for slots nobody serves. */
    record AddSlots(NodeRef master, List<SlotRange> slots) implements ClusterStep {
        public AddSlots {
            slots = List.copyOf(slots);
        }

        @Override
        public boolean disruptive() {
            return false;
        }

        @Override
        public String toString() {
            return "add slots " + SlotRange.format(slots) + " (" + SlotRange.count(slots) + ") to " + master;
        }
    }

    /**
     * {@code CLUSTER FAILOVER [FORCE|TAKEOVER]} on {@code replica}: it takes over its master's slots, the master (when it
     * comes back) becomes its replica. {@code why} says what the failover is for.
     */
    record Failover(NodeRef replica, NodeRef master, Mode mode, Why why) implements ClusterStep {
        /** How the replica takes over. */
        public enum Mode {
            /** The master pauses its clients and the replica catches up first: no acknowledged write is lost. */
            GRACEFUL,
            /** The master is gone: the replica takes over without its handshake, with a majority of masters voting. */
            FORCE,
            /** A majority of masters is gone too: the replica takes a new epoch without any vote. */
            TAKEOVER;

            /** The arguments after {@code CLUSTER FAILOVER}. */
            public List<String> arguments() {
                return this == GRACEFUL ? List.of() : List.of(name());
            }
        }

        /** Why a shard changes master. */
        public enum Why {
            MASTER_LEAVING("its master leaves the cluster"),
            PREFERRED_MASTER("mastership returns to the node preferred as master"),
            MASTER_RESTARTING("its master is about to restart"),
            MASTER_DOWN("its master is down");

            private final String text;

            Why(String text) {
                this.text = text;
            }

            @Override
            public String toString() {
                return text;
            }
        }

        @Override
        public boolean disruptive() {
            return true;
        }

        @Override
        public String toString() {
            return "fail over " + master + " to its replica " + replica + (mode == Mode.GRACEFUL ? "" : " (" + mode + ")") + ": " + why;
        }
    }

    /**
     * {@code CLUSTER REPLICATE}: {@code replica} (a replica, or a master serving no slot and holding no key) follows
     * {@code master}; sent again to a replica of {@code master} whose replication link dials an old address of it.
     */
    record Replicate(NodeRef replica, NodeRef master) implements ClusterStep {
        @Override
        public boolean disruptive() {
            return false;
        }

        @Override
        public String toString() {
            return "make " + replica + " a replica of " + master;
        }
    }

    /**
     * Moves slots with their keys: {@code SETSLOT IMPORTING} on the target, {@code SETSLOT MIGRATING} on
     * the source, {@code MIGRATE ... KEYS} batches until the slots are empty, then {@code SETSLOT NODE} on
     * the target, the source and every other master in {@code masters}. {@code why} says what the move is for.
     */
    record MigrateSlots(NodeRef source, NodeRef target, List<SlotRange> slots, List<NodeRef> masters, Why why) implements ClusterStep {
        /** Why slots move. */
        public enum Why {
            /** The source leaves the cluster. */
            DRAIN_LEAVING("drain %s, which leaves"),
            /** The source stays, but as a replica: there are more shards than masters wanted. */
            DRAIN_TO_REPLICA("drain %s, which becomes a replica"),
            /** The source serves more than its even share of the slots. */
            REBALANCE("rebalance: %s serves more than its share"),
            /** A move was cut short (a slot left MIGRATING/IMPORTING by a crash): it is finished. */
            FINISH_INTERRUPTED("finish the interrupted move of the slot away from %s");

            private final String text;

            Why(String text) {
                this.text = text;
            }

            /** The reason in words, naming the source. */
            public String describe(NodeRef source) {
                return String.format(text, source.endpoint());
            }
        }

        public MigrateSlots {
            slots = List.copyOf(slots);
            masters = List.copyOf(masters);
        }

        public int slotCount() {
            return SlotRange.count(slots);
        }

        @Override
        public boolean disruptive() {
            return true;
        }

        @Override
        public String toString() {
            return "move slots " + SlotRange.format(slots) + " (" + slotCount() + ") from " + source + " to " + target + ": " + why.describe(source);
        }
    }

    /**
     * Copies to {@code target}, which serves {@code slots}, every key of those slots that {@code source} holds and
     * {@code target} lacks ({@code DUMP} on the source, {@code RESTORE} without {@code REPLACE} on the target): the
     * target's own value of a key wins, and nothing is deleted anywhere. {@code source} is a master that still claims the
     * slots under an older config epoch (a replica took them over while it was down); once it hears the owner, Redis
     * makes it a replica and it resyncs, so this is the last moment its keys can be kept. Not disruptive: it changes no
     * owner and pauses no client.
     */
    record CopyMissingKeys(NodeRef source, NodeRef target, List<SlotRange> slots) implements ClusterStep {
        public CopyMissingKeys {
            slots = List.copyOf(slots);
        }

        @Override
        public boolean disruptive() {
            return false;
        }

        @Override
        public String toString() {
            return "copy the keys of slots " + SlotRange.format(slots) + " (" + SlotRange.count(slots) + ") that " + target
                    + " lacks from " + source + ", which claims them under an older config epoch";
        }
    }

    /** {@code CLUSTER SETSLOT slot STABLE} on {@code node}: clears a stale MIGRATING/IMPORTING marker that holds no key. */
    record StabilizeSlot(NodeRef node, int slot) implements ClusterStep {
        @Override
        public boolean disruptive() {
            return false;
        }

        @Override
        public String toString() {
            return "clear the open marker of slot " + slot + " on " + node;
        }
    }

    /** {@code CLUSTER FORGET} of {@code node} on every node of {@code on}, back to back (each node bans it for 60 s). */
    record Forget(NodeRef node, List<NodeRef> on) implements ClusterStep {
        public Forget {
            on = List.copyOf(on);
        }

        @Override
        public boolean disruptive() {
            return false;
        }

        @Override
        public String toString() {
            return "forget " + node + " on " + on.size() + " node(s)";
        }
    }

    /**
     * {@code CLUSTER RESET SOFT} on a drained master that left the cluster, so that it forgets its former
     * peers. The executor refuses when the node holds any key.
     */
    record Reset(NodeRef node) implements ClusterStep {
        @Override
        public boolean disruptive() {
            return false;
        }

        @Override
        public String toString() {
            return "reset the drained node " + node;
        }
    }
}

package io.qsredis.testbed;

/** The one node of the testbed: every pod a StatefulSet creates is bound to it and run by its kubelet. */
final class TestbedNode {

    static final String NAME = "testbed";

    /** The node's address, as {@code status.hostIP} reports it. */
    static final String HOST_IP = "127.0.0.1";

    private TestbedNode() {}
}

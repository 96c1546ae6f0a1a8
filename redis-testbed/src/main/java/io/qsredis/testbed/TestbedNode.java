package io.qsredis.testbed;

/**
 * The one node of the testbed: every pod a StatefulSet creates is bound to it and run by its kubelet. Each pod still
 * reports a host IP of its own ({@link PodAddresses}), as if alone on a node, so that node ports reach one pod each.
 */
final class TestbedNode {

    static final String NAME = "testbed";

    private TestbedNode() {}
}

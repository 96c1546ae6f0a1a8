package io.qsredis.testbed;

/**
 * Where a testbed pod is reached: its pod IP, on which its containers listen, and its host IP, the address of "its node"
 * as seen from outside the Kubernetes cluster (a second loopback address of its own: every pod runs as if on a node of
 * its own). The testbed's kube-proxy ({@link NodePortProxy}) serves each NodePort Service's node ports on the host IP of
 * each pod behind it, as kube-proxy does for {@code externalTrafficPolicy: Local}.
 *
 * @param podIp {@code status.podIP}
 * @param hostIp {@code status.hostIP}
 */
record PodAddresses(String podIp, String hostIp) {}

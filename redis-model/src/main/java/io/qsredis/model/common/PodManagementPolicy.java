package io.qsredis.model.common;

/** StatefulSet pod management policies. */
public enum PodManagementPolicy {
    OrderedReady,
    Parallel
}

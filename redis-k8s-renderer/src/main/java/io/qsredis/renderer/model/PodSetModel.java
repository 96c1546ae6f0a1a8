package io.qsredis.renderer.model;

import java.util.Map;

/** One StatefulSet of pods: of {@code redis-server} ({@link ServerSetModel}) or of {@code redis-sentinel} ({@link SentinelSetModel}). */
public interface PodSetModel {
    Owner owner();

    /** The StatefulSet's name. */
    String name();

    /** The headless Service that gives every pod its DNS name; the StatefulSet's {@code serviceName}. */
    String headlessServiceName();

    /** Number of pods. */
    int replicas();

    PodSettings pod();

    /** The labels the StatefulSet selects its pods by. */
    Map<String, String> selectorLabels();

    /** The labels of every object rendered for this StatefulSet, and of its pods. */
    Map<String, String> labels();
}

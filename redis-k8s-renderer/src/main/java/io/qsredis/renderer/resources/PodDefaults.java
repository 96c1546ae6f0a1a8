package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a pod gets when the user says nothing: a non-root user (uid/gid 1000, as the opstree images, so that
 * adopted data volumes stay readable), no privilege escalation, no capabilities, a read-only root filesystem
 * (every path Redis writes is a volume), and pods of a StatefulSet spread over nodes. A field the user sets
 * replaces the default whole: merging half of a security context would make it unpredictable.
 */
final class PodDefaults {
    static final long USER_ID = 1000L;
    static final String HOSTNAME_TOPOLOGY_KEY = "kubernetes.io/hostname";

    private PodDefaults() {}

    static PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(USER_ID)
                .withRunAsGroup(USER_ID)
                .withFsGroup(USER_ID)
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    static SecurityContext containerSecurityContext() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    /**
     * Soft anti-affinity: first keep the StatefulSet's own pods on different nodes, then, with less weight, keep
     * them off the nodes of the pods matched by {@code avoid} (cluster followers avoid the leaders).
     */
    static Affinity spread(Map<String, String> ownSelector, List<Map<String, String>> avoid) {
        List<WeightedPodAffinityTerm> terms = new ArrayList<>();
        terms.add(term(100, ownSelector));
        avoid.forEach(selector -> terms.add(term(50, selector)));
        return new AffinityBuilder()
                .withNewPodAntiAffinity()
                    .withPreferredDuringSchedulingIgnoredDuringExecution(terms)
                .endPodAntiAffinity()
                .build();
    }

    private static WeightedPodAffinityTerm term(int weight, Map<String, String> selector) {
        return new WeightedPodAffinityTermBuilder()
                .withWeight(weight)
                .withNewPodAffinityTerm()
                    .withNewLabelSelector().withMatchLabels(selector).endLabelSelector()
                    .withTopologyKey(HOSTNAME_TOPOLOGY_KEY)
                .endPodAffinityTerm()
                .build();
    }
}

package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a pod's status and metadata say about whether it takes work. */
class ObservedPodTest {

    private static PodBuilder readyRunning(String podIp) {
        return new PodBuilder()
                .withNewMetadata().withName("shop-leader-0").withUid("u0").endMetadata()
                .withNewStatus()
                    .withPodIP(podIp)
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addNewContainerStatus().withName("redis").withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                .endStatus();
    }

    private static ObservedPod observed(Pod pod) {
        return ObservedPod.of(pod, "shop-leader", "redis");
    }

    @Test
    void aReadyRunningPodWithAnAddressServesAndIsLive() {
        ObservedPod pod = observed(readyRunning("10.1.0.7").build());

        assertThat(pod.serving()).isTrue();
        assertThat(pod.whyNotServing()).isEmpty();
        assertThat(pod.live()).isTrue();
    }

    @Test
    void aPodBeingDeletedThatStillReportsReadyNeitherServesNorIsLive() {
        ObservedPod pod = observed(readyRunning("10.1.0.7").editMetadata().withDeletionTimestamp("2026-12-03T06:00:00Z").endMetadata().build());

        assertThat(pod.ready()).as("the kubelet's Ready condition").isTrue();
        assertThat(pod.serving()).isFalse();
        assertThat(pod.whyNotServing()).hasValue("shop-leader-0 is being deleted");
        assertThat(pod.live()).isFalse();
    }

    @Test
    void aReadyPodWithoutAnAddressDoesNotServe() {
        assertThat(observed(readyRunning(null).build()).whyNotServing()).hasValue("shop-leader-0 has no address yet");
    }
}

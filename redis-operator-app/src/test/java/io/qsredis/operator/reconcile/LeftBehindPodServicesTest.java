package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which pod Services a scale-in left behind. */
class LeftBehindPodServicesTest {

    private static Service podService(String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).withLabels(Map.of("statefulset.kubernetes.io/pod-name", name)).endMetadata().build();
    }

    private static final List<Service> SERVICES = List.of(podService("shop-leader-0"), podService("shop-leader-1"), podService("shop-leader-2"),
            podService("shop-leader-3"), podService("shop-leader-4"), podService("shop-follower-3"),
            new ServiceBuilder().withNewMetadata().withName("shop-leader-5").endMetadata().build());

    @Test
    void theServiceOfAPodBeyondTheDesiredCountIsLeftBehindOnceThePodIsGone() {
        assertThat(LeftBehindPodServices.names(SERVICES, Set.of("shop-leader-0", "shop-leader-1", "shop-leader-2"), "shop-leader", 3))
                .containsExactly("shop-leader-3", "shop-leader-4");
    }

    @Test
    void theServiceOfALeavingPodThatStillRunsIsKept() {
        assertThat(LeftBehindPodServices.names(SERVICES, Set.of("shop-leader-3"), "shop-leader", 3)).containsExactly("shop-leader-4");
    }

    @Test
    void servicesOfTheDesiredPodsOfOtherStatefulSetsAndWithoutThePodLabelAreNeverLeftBehind() {
        assertThat(LeftBehindPodServices.names(SERVICES, Set.of(), "shop-leader", 5)).isEmpty();
        assertThat(LeftBehindPodServices.names(SERVICES, Set.of(), "shop", 0)).isEmpty();
    }
}

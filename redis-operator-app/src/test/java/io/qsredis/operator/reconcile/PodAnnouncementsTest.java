package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.qsredis.topology.Endpoint;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** Where each replication pod is reached and named, from what it announces. */
class PodAnnouncementsTest {
    private static final Endpoint OUTSIDE = new Endpoint("192.168.1.20", 31001);
    private static final PodAnnouncements ADDRESSES = new PodAnnouncements("app", "redis", Map.of(
            "app-0", new Announcement.Outside(OUTSIDE, OptionalInt.empty(), "the node ports of the Service app-0"),
            "app-1", new Announcement.Pending("the Service app-1 has no node port allocated yet"),
            "app-2", new Announcement.Internal()), 6379);

    private static Pod pod(String name, String podIp) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withUid(name).endMetadata()
                .withNewStatus()
                    .withPodIP(podIp)
                    .addNewContainerStatus().withName("redis").withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                .endStatus()
                .build();
    }

    private static ObservedPod observed(String name, String podIp) {
        return ObservedPod.of(pod(name, podIp), "app", "redis");
    }

    @Test
    void aServerWithItsOwnServiceIsNamedByItsOutsideAddressAnotherByItsPodIp() {
        assertThat(ADDRESSES.endpoint(observed("app-0", "10.1.0.7"))).contains(OUTSIDE);
        assertThat(ADDRESSES.endpoint(observed("app-2", "10.1.0.9"))).contains(new Endpoint("10.1.0.9", 6379));
    }

    @Test
    void aServerWhoseAddressIsPendingOrThatHasNoPodIpHasNoEndpoint() {
        assertThat(ADDRESSES.endpoint(observed("app-1", "10.1.0.8"))).isEmpty();
        assertThat(ADDRESSES.endpoint(observed("app-0", null))).isEmpty();
    }

    @Test
    void onlyAPodThatRunsIsWaitedFor() {
        assertThat(ADDRESSES.pending(List.of(pod("app-0", "10.1.0.7"), pod("app-1", "10.1.0.8"), pod("app-2", "10.1.0.9"))))
                .containsExactly("the Service app-1 has no node port allocated yet");
        assertThat(ADDRESSES.pending(List.of(pod("app-1", null)))).isEmpty();
    }

    @Test
    void eachServerIsToldWhatToAnnounceAtItsPodAddress() {
        assertThat(ADDRESSES.serverConfigLines(List.of(pod("app-0", "10.1.0.7"), pod("app-2", "10.1.0.9"), pod("other-0", "10.1.0.3"))))
                .containsExactly(Map.entry(new HostAndPort("10.1.0.7", 6379), List.of("replica-announce-ip 192.168.1.20", "replica-announce-port 31001")),
                        Map.entry(new HostAndPort("10.1.0.9", 6379), List.of()));
    }

    @Test
    void aSentinelAnnouncesItsOutsideAddressOnlyWithItsOwnService() {
        assertThat(ADDRESSES.outside("app-0")).contains(OUTSIDE);
        assertThat(ADDRESSES.outside("app-2")).isEqualTo(Optional.empty());
        assertThat(ADDRESSES.outside("app-1")).isEmpty();
    }
}

package io.qsredis.operator.reconcile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FailureDomainsTest {

    private static ObservedPod pod(String name, String node) {
        return new ObservedPod(name, "uid-" + name, 0, Optional.of("10.0.0." + name.length()), true, 0, true, Optional.empty(), false, Map.of(),
                Optional.ofNullable(node));
    }

    @Test
    void podsSpreadOverSeveralZonesAreDomainedByZone() {
        Map<String, String> zones = Map.of("n1", "a", "n2", "a", "n3", "b");

        Map<String, String> domains = FailureDomains.of(List.of(pod("p1", "n1"), pod("p2", "n2"), pod("p3", "n3")),
                node -> Optional.ofNullable(zones.get(node)));

        assertThat(domains).containsEntry("p1", "zone:a").containsEntry("p2", "zone:a").containsEntry("p3", "zone:b");
    }

    @Test
    void podsInOneZoneAreDomainedByTheirNode() {
        Map<String, String> domains = FailureDomains.of(List.of(pod("p1", "n1"), pod("p2", "n2")), node -> Optional.of("a"));

        assertThat(domains).containsEntry("p1", "n1").containsEntry("p2", "n2");
    }

    @Test
    void podsOnNodesWithoutAZoneAreDomainedByTheirNodeAndUnscheduledOnesByTheirAddress() {
        Map<String, String> domains = FailureDomains.of(List.of(pod("p1", "n1"), pod("p22", null)), node -> Optional.empty());

        assertThat(domains).containsEntry("p1", "n1").containsEntry("p22", "10.0.0.3");
    }
}

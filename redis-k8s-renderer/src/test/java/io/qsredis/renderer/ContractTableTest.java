package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names, labels, selectors, ports, service names and PVC names that apps and existing data depend on, row by
 * row as API.md's contract table states them.
 */
class ContractTableTest {

    /**
     * @param ports {@code name:port} of a Service, or of a StatefulSet's main container
     * @param pvcs names of the PVCs of pod 0, from the StatefulSet's claim templates
     */
    record Row(String resource, Class<? extends HasMetadata> kind, String name, Map<String, String> labels, Map<String, String> selector,
               List<String> ports, String serviceName, List<String> pvcs) {
        @Override
        public String toString() {
            return resource + " " + kind.getSimpleName() + " " + name;
        }
    }

    static final List<Row> CONTRACT = List.of(
            sts("redis-minimal", "cache", standalone("cache"), List.of("redis-client:6379"), "cache-headless", List.of()),
            sts("redis-full", "cache", standalone("cache"), List.of("redis-client:6379"), "cache-headless", List.of("cache-cache-0")),
            service("redis-minimal", "cache", standalone("cache"), standalone("cache"), "redis-client:6379"),
            service("redis-minimal", "cache-headless", standalone("cache"), standalone("cache"), "redis-client:6379"),
            service("redis-minimal", "cache-additional", standalone("cache"), standalone("cache"), "redis-client:6379"),
            service("redis-full", "cache-metrics", standalone("cache"), standalone("cache"), "redis-exporter:9122"),

            sts("replication-minimal", "orders", replication("orders"), List.of("redis-client:6379"), "orders-headless", List.of()),
            sts("replication-full", "orders", replication("orders"), List.of("redis-client:6379"), "orders-headless", List.of("orders-orders-0")),
            service("replication-minimal", "orders", replication("orders"), replication("orders"), "redis-client:6379"),
            service("replication-minimal", "orders-headless", replication("orders"), replication("orders"), "redis-client:6379"),
            service("replication-minimal", "orders-additional", replication("orders"), replication("orders"), "redis-client:6379"),
            service("replication-minimal", "orders-master", replication("orders"), with(replication("orders"), "redis-role", "master"), "redis-client:6379"),
            service("replication-minimal", "orders-replica", replication("orders"), with(replication("orders"), "redis-role", "slave"), "redis-client:6379"),
            service("replication-full", "orders-metrics", replication("orders"), replication("orders"), "redis-exporter:9121"),
            budget("replication-minimal", "orders-replication", replication("orders")),
            sts("replication-full", "orders-s", sentinel("orders-s"), List.of("sentinel-client:26379"), "orders-s-hl", List.of()),
            service("replication-full", "orders-s-hl", sentinel("orders-s"), sentinel("orders-s"), "sentinel-client:26379"),

            sts("sentinel-minimal", "orders-sentinel", sentinel("orders-sentinel"), List.of("sentinel-client:26379"), "orders-sentinel-headless", List.of()),
            service("sentinel-minimal", "orders-sentinel", sentinel("orders-sentinel"), sentinel("orders-sentinel"), "sentinel-client:26379"),
            service("sentinel-minimal", "orders-sentinel-headless", sentinel("orders-sentinel"), sentinel("orders-sentinel"), "sentinel-client:26379"),
            service("sentinel-minimal", "orders-sentinel-additional", sentinel("orders-sentinel"), sentinel("orders-sentinel"), "sentinel-client:26379"),
            service("sentinel-full", "orders-sentinel-metrics", sentinel("orders-sentinel"), sentinel("orders-sentinel"), "redis-exporter:9121"),
            budget("sentinel-minimal", "orders-sentinel", sentinel("orders-sentinel")),

            sts("cluster-minimal", "sessions-leader", cluster("sessions", "leader"), List.of("redis-client:6379", "redis-bus:16379"),
                    "sessions-leader-headless", List.of()),
            sts("cluster-minimal", "sessions-follower", cluster("sessions", "follower"), List.of("redis-client:6379", "redis-bus:16379"),
                    "sessions-follower-headless", List.of()),
            sts("cluster-full", "sessions-leader", cluster("sessions", "leader"), List.of("redis-client:7000", "redis-bus:17000"),
                    "sessions-leader-headless", List.of("node-conf-sessions-leader-0", "sessions-leader-sessions-leader-0")),
            sts("cluster-full", "sessions-follower", cluster("sessions", "follower"), List.of("redis-client:7000", "redis-bus:17000"),
                    "sessions-follower-headless", List.of("node-conf-sessions-follower-0", "sessions-follower-sessions-follower-0")),
            service("cluster-minimal", "sessions-leader", cluster("sessions", "leader"), selector(cluster("sessions", "leader")), "redis-client:6379"),
            service("cluster-minimal", "sessions-leader-headless", cluster("sessions", "leader"), selector(cluster("sessions", "leader")), "redis-client:6379"),
            service("cluster-minimal", "sessions-leader-additional", cluster("sessions", "leader"), selector(cluster("sessions", "leader")), "redis-client:6379"),
            service("cluster-minimal", "sessions-follower", cluster("sessions", "follower"), selector(cluster("sessions", "follower")), "redis-client:6379"),
            service("cluster-minimal", "sessions-follower-headless", cluster("sessions", "follower"), selector(cluster("sessions", "follower")), "redis-client:6379"),
            service("cluster-minimal", "sessions-follower-additional", cluster("sessions", "follower"), selector(cluster("sessions", "follower")), "redis-client:6379"),
            service("cluster-full", "sessions-leader", cluster("sessions", "leader"), selector(cluster("sessions", "leader")), "redis-client:7000", "redis-bus:17000"),
            service("cluster-full", "sessions-leader-metrics", cluster("sessions", "leader"), selector(cluster("sessions", "leader")), "redis-exporter:9121"),
            service("cluster-minimal", "sessions-master", Map.of("cluster", "sessions", "redis_setup_type", "cluster"),
                    Map.of("cluster", "sessions", "redis_setup_type", "cluster", "redis-role", "master"), "redis-client:6379"),
            budget("cluster-minimal", "sessions-leader", selector(cluster("sessions", "leader"))),
            budget("cluster-minimal", "sessions-follower", selector(cluster("sessions", "follower"))));

    @ParameterizedTest(name = "{0}")
    @FieldSource("CONTRACT")
    void objectKeepsItsContract(Row row) {
        HasMetadata object = TestingResources.render(row.resource()).find(row.kind(), row.name())
                .orElseThrow(() -> new AssertionError(row + " is not rendered"));

        assertThat(object.getMetadata().getLabels()).containsAllEntriesOf(row.labels())
                .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component",
                        "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of");
        if (object instanceof StatefulSet statefulSet) {
            assertThat(statefulSet.getSpec().getSelector().getMatchLabels()).isEqualTo(row.selector());
            assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(row.labels());
            assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(row.serviceName());
            Container main = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(main.getPorts()).extracting(port -> port.getName() + ":" + port.getContainerPort()).isEqualTo(row.ports());
            assertThat(statefulSet.getSpec().getVolumeClaimTemplates())
                    .extracting(PersistentVolumeClaim::getMetadata)
                    .extracting(meta -> meta.getName() + "-" + row.name() + "-0")
                    .isEqualTo(row.pvcs());
        } else if (object instanceof Service service) {
            assertThat(service.getSpec().getSelector()).isEqualTo(row.selector());
            assertThat(service.getSpec().getPorts()).extracting(port -> port.getName() + ":" + port.getPort()).isEqualTo(row.ports());
        } else if (object instanceof PodDisruptionBudget budget) {
            assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(row.selector());
        }
    }

    private static Row sts(String resource, String name, Map<String, String> labels, List<String> ports, String serviceName, List<String> pvcs) {
        return new Row(resource, StatefulSet.class, name, labels, selector(labels), ports, serviceName, pvcs);
    }

    private static Row service(String resource, String name, Map<String, String> labels, Map<String, String> selector, String... ports) {
        return new Row(resource, Service.class, name, labels, selector, List.of(ports), null, List.of());
    }

    private static Row budget(String resource, String name, Map<String, String> selector) {
        return new Row(resource, PodDisruptionBudget.class, name, selector, selector, List.of(), null, List.of());
    }

    private static Map<String, String> standalone(String app) {
        return Map.of("app", app, "redis_setup_type", "standalone", "role", "standalone");
    }

    private static Map<String, String> replication(String app) {
        return Map.of("app", app, "redis_setup_type", "replication", "role", "replication");
    }

    private static Map<String, String> sentinel(String app) {
        return Map.of("app", app, "redis_setup_type", "sentinel", "role", "sentinel");
    }

    private static Map<String, String> cluster(String cluster, String role) {
        return Map.of("app", cluster + "-" + role, "redis_setup_type", "cluster", "role", role, "cluster", cluster);
    }

    /** A StatefulSet selects by app, redis_setup_type and role only, as upstream's did. */
    private static Map<String, String> selector(Map<String, String> labels) {
        Map<String, String> selector = new TreeMap<>(labels);
        selector.keySet().retainAll(List.of("app", "redis_setup_type", "role"));
        return selector;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> result = new TreeMap<>(labels);
        result.put(key, value);
        return result;
    }
}

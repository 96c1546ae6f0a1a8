package io.qsredis.it.charts;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code helm install} prints: the release's own addresses, Secret and client commands, not the README's names. */
class ReleaseNotesTest {

    @Test
    void standaloneNotesGiveTheReleasesServiceAndSecret() {
        String notes = Charts.notes(Charts.STANDALONE, "shop-cache", "prod", Map.of());

        assertThat(notes).contains("shop-cache.prod.svc:6379", "kubectl get secret --namespace prod shop-cache-auth",
                "redis-cli -h shop-cache ping", "redis.Redis(host='shop-cache', port=6379, password=password)");
    }

    @Test
    void sentinelNotesGiveTheReleasesSentinelServiceAndGroup() {
        String notes = Charts.notes(Charts.SENTINEL, "orders", "prod", Map.of("sentinel.masterGroupName", "orders-master"));

        assertThat(notes).contains("orders-sentinel.prod.svc:26379", "\"orders-master\"",
                "sentinel get-master-addr-by-name orders-master", "Sentinel([('orders-sentinel', 26379)])",
                "master_for('orders-master', password=password)");
    }

    @Test
    void sentinelNotesPassThePasswordToTheSentinelsOnlyWhenTheyRequireIt() {
        String notes = Charts.notes(Charts.SENTINEL, "orders", "prod", Map.of("sentinel.auth", "true"));

        assertThat(notes).contains("sentinel_kwargs={'password': password}").doesNotContain("the Sentinels need no password");
    }

    @Test
    void clusterNotesGiveTheReleasesStartupNode() {
        String notes = Charts.notes(Charts.CLUSTER, "events", "prod", Map.of());

        assertThat(notes).contains("events-cluster.prod.svc:6379", "redis-cli -c -h events-cluster",
                "RedisCluster(host='events-cluster', port=6379, password=password)");
    }

    @Test
    void withTlsTheNotesSayClientsConnectWithTlsAndTrustTheSecretsCa() {
        String notes = Charts.notes(Charts.SENTINEL, "orders", "prod", Map.of("tls.existingSecret", "orders-tls"));

        assertThat(notes).contains("TLS is on", "ca.crt of the Secret orders-tls");
    }

    @Test
    void withoutTlsTheNotesDoNotMentionIt() {
        assertThat(Charts.notes(Charts.CLUSTER, "events", "prod", Map.of())).doesNotContain("TLS is on");
    }

    @Test
    void withANetworkPolicyTheNotesClientCarriesTheClientLabel() {
        String notes = Charts.notes(Charts.CLUSTER, "events", "prod", Map.of("networkPolicy.enabled", "true"));

        assertThat(notes).contains("--labels events-client=true");
    }

    @Test
    void operatorNotesSayWhichNamespacesItWatches() {
        String notes = Charts.notes(Charts.OPERATOR, "qs-redis-operator", "redis-operator",
                Map.of("rbac.scope", "namespace", "watchNamespace", "apps,shop"));

        assertThat(notes).contains("running in redis-operator, watching apps, shop with namespace-scoped RBAC");
    }
}

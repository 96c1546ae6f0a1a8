package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.operator.tls.ServedCertificate;
import io.qsredis.operator.tls.TlsMaterial;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisException;

import javax.net.ssl.SSLSocketFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code shop} RedisCluster of 3 shards with a replica each, {@code spec.TLS} naming a cert-manager style Secret:
 * clients, replication and the cluster bus ({@code tls-cluster}) speak TLS only. A JedisCluster client over TLS reaches
 * every key through a scale-out to 4 shards; a renewed certificate in the Secret is served by every node without a
 * restart while the client keeps writing.
 */
class TlsClusterScalesAndRenewsItsCertificateInPlaceIT {
    private static final String PASSWORD = "cluster-pw";
    private static final String TLS = """
              TLS:
                secret:
                  secretName: shop-tls
            """;
    private static final int KEYS = 2_000;

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @TempDir
    Path directory;

    private TestingCertificates certificates;
    private Map<String, String> certificate;

    /** Every manifest of the test, as one apply (the testbed's apply prunes what a later one leaves out). */
    private static String manifests(Map<String, String> certificate, int shards) {
        return TestingCertificates.secret("shop-tls", certificate) + "---\n"
                + ClusterManifests.shop(PASSWORD).replace("clusterSize: 3", "clusterSize: " + shards) + TLS;
    }

    private void startTlsCluster() {
        certificates = new TestingCertificates(directory);
        certificate = certificates.issue("shop");
        world.apply(manifests(certificate, 3));
        world.awaitHealthy(RedisCluster.class, "shop", Duration.ofSeconds(90));
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aTlsClientReachesEveryKeyAfterTheClusterScalesFromThreeToFourShards() {
        startTlsCluster();
        try (JedisCluster client = client(ClusterManifests.PODS)) {
            IntStream.range(0, KEYS).forEach(i -> client.set("k" + i, "v" + i));
        }

        world.apply(manifests(certificate, 4));
        Await.until("4 leaders and 4 followers running", Duration.ofSeconds(60), () -> Optional.of(pods()).filter(pods -> pods.size() == 8));
        world.awaitHealthy(RedisCluster.class, "shop", Duration.ofSeconds(120));

        try (JedisCluster client = client(pods())) {
            assertThat(client.getClusterNodes()).as("nodes the TLS client knows").hasSize(8);
            assertThat(IntStream.range(0, KEYS).filter(i -> !("v" + i).equals(client.get("k" + i))).count()).as("keys lost").isZero();
            IntStream.range(0, KEYS).forEach(i -> client.set("after:" + i, "v" + i));
            assertThat(IntStream.range(0, KEYS).filter(i -> !("v" + i).equals(client.get("after:" + i))).count()).as("keys written after").isZero();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aRenewedCertificateIsServedByEveryNodeWithoutARestartWhileTheClusterServes() {
        startTlsCluster();
        Map<String, String> uids = ClusterManifests.PODS.stream().collect(Collectors.toMap(pod -> pod, this::uid));
        Map<String, String> renewed = certificates.issue("shop-renewed");
        String wanted = TestingCertificates.fingerprint(renewed);
        SSLSocketFactory factory = TestingCertificates.socketFactory(renewed);

        List<String> failures = new ArrayList<>();
        int written;
        try (JedisCluster client = client(ClusterManifests.PODS)) {
            AtomicBoolean renewing = new AtomicBoolean(true);
            AtomicReference<RuntimeException> renewalFailed = new AtomicReference<>();
            Thread renewal = new Thread(() -> {
                try {
                    world.apply(manifests(renewed, 3));
                    Await.until("every node serving the renewed certificate", Duration.ofSeconds(60), () -> Optional.of(ClusterManifests.PODS)
                            .filter(pods -> pods.stream().allMatch(pod -> ServedCertificate.fingerprint(world.podIp(pod), 6379, factory)
                                    .map(wanted::equals).orElse(false))));
                } catch (RuntimeException e) {
                    renewalFailed.set(e);
                } finally {
                    renewing.set(false);
                }
            }, "renewal");
            renewal.start();
            int i = 0;
            while (renewing.get() || i < 100) {
                try {
                    client.set("renewal:" + i, "v" + i);
                    if (!("v" + i).equals(client.get("renewal:" + i))) {
                        failures.add("renewal:" + i + " read back wrong");
                    }
                } catch (JedisException e) {
                    failures.add("renewal:" + i + ": " + e.getMessage());
                }
                i++;
            }
            written = i;
            joinQuietly(renewal);
            if (renewalFailed.get() != null) {
                throw renewalFailed.get();
            }
        }
        assertThat(failures).as("client errors during the renewal, of " + written + " writes").isEmpty();
        assertThat(ClusterManifests.PODS.stream().collect(Collectors.toMap(pod -> pod, this::uid))).as("pods, none restarted").isEqualTo(uids);
        world.awaitHealthy(RedisCluster.class, "shop", Duration.ofSeconds(30));
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(70));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pod's uid and container restarts: it changes when the pod or its container restarts. */
    private String uid(String pod) {
        return world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).withName(pod).get().getMetadata().getUid()
                + "/" + world.hooks().restartCount(TestingOperatorWorld.NAMESPACE, pod);
    }

    private List<String> pods() {
        return world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).list().getItems().stream()
                .map(Pod::getMetadata).map(m -> m.getName()).filter(name -> name.startsWith("shop-")).sorted().toList();
    }

    private JedisCluster client(List<String> pods) {
        Set<HostAndPort> nodes = pods.stream().map(pod -> new HostAndPort(world.podIp(pod), 6379)).collect(Collectors.toSet());
        return new JedisCluster(nodes, DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(5000).password(PASSWORD)
                .ssl(true).sslSocketFactory(TestingCertificates.socketFactory(certificate)).sslParameters(TlsMaterial.chainOnly()).build(), 5);
    }
}

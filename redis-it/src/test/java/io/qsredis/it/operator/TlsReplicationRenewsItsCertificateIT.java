package io.qsredis.it.operator;

import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.operator.tls.ServedCertificate;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocketFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS replication of {@link TlsReplicationManifests} after cert-manager renewed the certificate in its Secret: every
 * Redis server reloads it live, and every Sentinel, which cannot (no CONFIG SET in Sentinel 7.0), restarts one at a
 * time to load it.
 */
class TlsReplicationRenewsItsCertificateIT {
    private static final String PASSWORD = "tls-and-a-password";
    private static final List<String> SERVERS = List.of("app-0", "app-1", "app-2");
    private static final List<String> SENTINELS = List.of("app-sentinel-0", "app-sentinel-1", "app-sentinel-2");

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void serversReloadTheRenewedCertificateLiveAndSentinelsRestartToServeIt() {
        TestingCertificates certificates = new TestingCertificates(directory);
        world.apply(TlsReplicationManifests.all(PASSWORD, certificates.issue("app")));
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(60));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(30));
        Map<String, String> servers = SERVERS.stream().collect(Collectors.toMap(pod -> pod, this::incarnation));
        Map<String, String> sentinels = SENTINELS.stream().collect(Collectors.toMap(pod -> pod, this::incarnation));

        Map<String, String> renewed = certificates.issue("app-renewed");
        world.apply(TlsReplicationManifests.all(PASSWORD, renewed));
        String wanted = TestingCertificates.fingerprint(renewed);
        SSLSocketFactory factory = TestingCertificates.socketFactory(renewed);
        Await.until("every server and every Sentinel serving the renewed certificate", Duration.ofSeconds(120), () -> Optional.of(true)
                .filter(any -> SERVERS.stream().allMatch(pod -> serves(pod, 6379, wanted, factory))
                        && SENTINELS.stream().allMatch(pod -> serves(pod, 26379, wanted, factory))));

        assertThat(SERVERS.stream().collect(Collectors.toMap(pod -> pod, this::incarnation))).as("servers, none restarted").isEqualTo(servers);
        assertThat(SENTINELS.stream().filter(pod -> incarnation(pod).equals(sentinels.get(pod))).toList()).as("Sentinels not restarted").isEmpty();
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(60));
    }

    private boolean serves(String pod, int port, String fingerprint, SSLSocketFactory factory) {
        return world.hooks().podAddress(TestingOperatorWorld.NAMESPACE, pod)
                .flatMap(ip -> ServedCertificate.fingerprint(ip, port, factory))
                .map(fingerprint::equals)
                .orElse(false);
    }

    /** The pod's uid and container restarts: it changes when the pod or its container restarts. */
    private String incarnation(String pod) {
        return world.client().pods().inNamespace(TestingOperatorWorld.NAMESPACE).withName(pod).get().getMetadata().getUid()
                + "/" + world.hooks().restartCount(TestingOperatorWorld.NAMESPACE, pod);
    }
}

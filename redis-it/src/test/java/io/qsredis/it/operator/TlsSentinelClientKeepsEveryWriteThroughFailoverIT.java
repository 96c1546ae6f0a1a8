package io.qsredis.it.operator;

import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.operator.tls.TlsMaterial;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RedisReplication of 3 and a RedisSentinel of 3, both with {@code spec.TLS} naming one cert-manager style Secret:
 * clients, replication and Sentinel speak TLS only. A redis-py Sentinel client over TLS (trusting the CA) writes, each
 * write acknowledged by a replica; the master's process is killed; the client writes again through the Sentinels, and
 * the new master holds every acknowledged write.
 */
class TlsSentinelClientKeepsEveryWriteThroughFailoverIT {
    private static final String PASSWORD = "tls-and-a-password";
    private static final String GROUP = TlsReplicationManifests.GROUP;
    /** redis-py: write keys {@code <prefix>0..<count-1>} through the Sentinels; print each one {@code WAIT} saw reach {@code <acks>} replicas. */
    private static final String CLIENT = """
            import sys
            from redis.sentinel import Sentinel

            sentinels, ca, prefix, count, acks = sys.argv[1].split(','), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
            tls = dict(ssl=True, ssl_ca_certs=ca)
            sentinel = Sentinel([(host, 26379) for host in sentinels], sentinel_kwargs=dict(socket_timeout=0.5, **tls), socket_timeout=0.5)
            master = sentinel.master_for('%s', password='%s', **tls)
            for i in range(count):
                key = prefix + str(i)
                master.set(key, str(i))
                if acks == 0 or master.execute_command('WAIT', acks, 2000) >= acks:
                    print(key, flush=True)
            """.formatted(GROUP, PASSWORD);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @TempDir
    Path directory;

    private Map<String, String> certificate;
    private TestingCertificates certificates;

    private void startTlsReplicationWithSentinels() {
        certificates = new TestingCertificates(directory);
        certificate = certificates.issue("app");
        world.apply(TlsReplicationManifests.all(PASSWORD, certificate));
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(60));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(30));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aSentinelClientOverTlsFindsTheNewMasterAfterTheKillAndItHoldsEveryAcknowledgedWrite() {
        startTlsReplicationWithSentinels();
        String sentinels = String.join(",", world.serviceEndpoints("app-sentinel").stream().map(e -> e.split(":")[0]).toList());
        List<String> acknowledged = client(sentinels, "before:", 200, 1);
        assertThat(acknowledged).as("writes a replica acknowledged").hasSizeGreaterThan(150);

        String oldMaster = world.get(RedisReplication.class, "app").getStatus().masterNode;
        String oldMasterIp = world.podIp(oldMaster);
        world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, oldMaster);

        Await.until("the TLS client writing through the Sentinels again", Duration.ofSeconds(60),
                () -> Optional.of(client(sentinels, "after:", 1, 0)).filter(written -> !written.isEmpty()));
        HostAndPort master = Await.until("the Sentinels naming a new master", Duration.ofSeconds(30),
                () -> sentinelMaster(world.serviceEndpoints("app-sentinel").get(0)).filter(at -> !at.getHost().equals(oldMasterIp)));
        try (Jedis jedis = new Jedis(master, tls().password(PASSWORD).build())) {
            assertThat(jedis.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on the new master").doesNotContainNull();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void onlyATlsClientThatTrustsTheCaGetsAnAnswer() {
        startTlsReplicationWithSentinels();
        String master = world.podIp(world.get(RedisReplication.class, "app").getStatus().masterNode);

        assertThat(redisCli("-h", master, "-p", "6379", "--tls", "-a", PASSWORD, "--no-auth-warning", "ping"))
                .as("redis-cli --tls without the CA").contains("certificate verify failed").doesNotContain("PONG");
        assertThat(redisCli("-h", master, "-p", "6379", "-a", PASSWORD, "--no-auth-warning", "ping"))
                .as("redis-cli over plain TCP").doesNotContain("PONG");
        assertThat(redisCli("-h", master, "-p", "6379", "--tls", "--cacert", certificates.authority().toString(), "-a", PASSWORD,
                "--no-auth-warning", "ping")).as("redis-cli --tls trusting the CA").isEqualTo("PONG");
    }

    private DefaultJedisClientConfig.Builder tls() {
        SSLSocketFactory factory = TestingCertificates.socketFactory(certificate);
        return DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(3000).ssl(true).sslSocketFactory(factory)
                .sslParameters(TlsMaterial.chainOnly());
    }

    private Optional<HostAndPort> sentinelMaster(String sentinel) {
        try (Jedis jedis = new Jedis(HostAndPort.from(sentinel), tls().build())) {
            List<String> address = jedis.sentinelGetMasterAddrByName(GROUP);
            return address == null || address.isEmpty() ? Optional.empty() : Optional.of(new HostAndPort(address.get(0), Integer.parseInt(address.get(1))));
        } catch (RuntimeException notYet) {
            return Optional.empty();
        }
    }

    /** The keys the redis-py client wrote (and saw acknowledged by {@code acks} replicas) before it stopped or failed. */
    private List<String> client(String sentinels, String prefix, int count, int acks) {
        List<String> written = new ArrayList<>();
        run(List.of("/usr/bin/python3", "-c", CLIENT, sentinels, certificates.authority().toString(), prefix, Integer.toString(count),
                Integer.toString(acks))).lines().filter(line -> line.startsWith(prefix)).forEach(written::add);
        return written;
    }

    private static String redisCli(String... arguments) {
        List<String> command = new ArrayList<>(List.of("redis-cli"));
        command.addAll(List.of(arguments));
        return run(command).strip();
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.qsredis.it.operator;

import io.qsredis.it.fixtures.StandaloneManifests;
import io.qsredis.model.Redis;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A standalone Redis with {@code acl.secret} whose default user may only read: it becomes Ready (its probes and the
 * operator log in as the operator's own user), a file Redis refuses is reported as {@code AclFileInvalid} and changes
 * nothing, and the corrected file is applied live; with {@code acl.persistentVolumeClaim} the pod loads the file the
 * user put on the claim when it starts.
 */
class StandaloneRedisWithAclsIT {
    private static final String RESTRICTED_DEFAULT = "user default on ~* &* +@read";
    private static final String CLAIM = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: cache-acl-files
            spec:
              accessModes: [ReadOnlyMany]
              resources:
                requests:
                  storage: 1Mi
            """;

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRefusedFileIsReportedAndChangesNothingUntilItIsCorrected() {
        world.apply(manifests("user reader on >reader-pw ~* +@read"));
        world.awaitReady(Redis.class, "cache", Duration.ofSeconds(40));
        try (Jedis asDefault = world.connect("cache-0", StandaloneManifests.PASSWORD); Jedis reader = as("reader", "reader-pw")) {
            assertThat(asDefault.get("k")).as("the default user keeps the Secret's password and may read").isNull();
            assertThatThrownBy(() -> asDefault.set("k", "v")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> reader.set("k", "v")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
        }
        long pid = world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, "cache-0").orElseThrow();

        world.apply(manifests("user writer on >writer-pw ~* +@all +@no-such-category"));

        Await.until("AclFileInvalid naming the refused user", Duration.ofSeconds(30), () -> ReplicationWithAclsIT
                .condition(world.get(Redis.class, "cache"), "AclFileInvalid")
                .filter(c -> "True".equals(c.getStatus()) && c.getMessage().contains("user writer")));
        assertThat(world.eventCounts()).containsKey("AclFileInvalid");
        assertThat(accepts("reader", "reader-pw")).as("the servers keep their users").isTrue();
        assertThat(accepts("writer", "writer-pw")).isFalse();

        world.apply(manifests("user writer on >writer-pw ~* +@all"));

        Await.until("the writer writing", Duration.ofSeconds(30), () -> {
            try (Jedis writer = as("writer", "writer-pw")) {
                return Optional.of(writer.set("k", "v"));
            } catch (RuntimeException notYet) {
                return Optional.empty();
            }
        });
        Await.until("AclFileInvalid cleared", Duration.ofSeconds(30), () -> ReplicationWithAclsIT
                .condition(world.get(Redis.class, "cache"), "AclFileInvalid").filter(c -> "False".equals(c.getStatus())));
        assertThat(accepts("reader", "reader-pw")).as("a user the file no longer has is deleted").isFalse();
        assertThat(world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, "cache-0")).as("no restart").hasValue(pid);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theFileOnTheNamedClaimIsLoadedWhenThePodStarts() {
        world.apply(CLAIM);
        world.hooks().writeToClaim(TestingOperatorWorld.NAMESPACE, "cache-acl-files", "user.acl",
                RESTRICTED_DEFAULT + "\nuser writer on >writer-pw ~* +@all\n");

        // One document with the claim again: each apply prunes what the previous one had and this one lacks.
        world.apply(CLAIM + "---\n" + StandaloneManifests.cache() + """
                  acl:
                    persistentVolumeClaim: cache-acl-files
                """);

        world.awaitReady(Redis.class, "cache", Duration.ofSeconds(40));
        try (Jedis asDefault = world.connect("cache-0", StandaloneManifests.PASSWORD); Jedis writer = as("writer", "writer-pw")) {
            assertThat(writer.set("k", "v")).as("the claim's user writes").isEqualTo("OK");
            assertThat(asDefault.get("k")).as("the default user keeps the Secret's password and may read").isEqualTo("v");
            assertThatThrownBy(() -> asDefault.set("k", "w")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
        }
    }

    private static String manifests(String users) {
        return """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: cache-acl
                stringData:
                  user.acl: |
                    %s
                    %s
                ---
                """.formatted(RESTRICTED_DEFAULT, users) + StandaloneManifests.cache() + """
                  acl:
                    secret:
                      secretName: cache-acl
                """;
    }

    private boolean accepts(String user, String password) {
        try (Jedis jedis = as(user, password)) {
            jedis.exists("probe");
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private Jedis as(String user, String password) {
        return new Jedis(new HostAndPort(world.podIp("cache-0"), 6379),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(3_000).user(user).password(password).build());
    }
}

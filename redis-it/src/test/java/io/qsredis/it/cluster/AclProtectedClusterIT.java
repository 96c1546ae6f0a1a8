package io.qsredis.it.cluster;

import io.qsredis.it.harness.ClusterKeys;
import io.qsredis.it.harness.RedisProcess;
import io.qsredis.it.harness.RedisProcesses;
import io.qsredis.topology.exec.RedisConnectionSettings;
import io.qsredis.topology.exec.RedisConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.qsredis.it.cluster.ClusterTesting.clusterNodes;
import static io.qsredis.it.cluster.ClusterTesting.masters;
import static io.qsredis.it.cluster.ClusterTesting.nodesArgument;
import static io.qsredis.it.cluster.ClusterTesting.redisCliCheck;
import static io.qsredis.it.cluster.ClusterTesting.runJar;
import static org.assertj.core.api.Assertions.assertThat;

/** Nodes that only an ACL user may use: the tool authenticates, and so does every MIGRATE it sends. */
class AclProtectedClusterIT {

    private static final String PASSWORD = "s3cret-for-tests";
    private static final Map<String, String> ENV = Map.of("QS_REDIS_PASSWORD", PASSWORD);

    private final RedisProcesses redis = new RedisProcesses("acl", Map.of(
            "user", "default off",
            "user admin", "on >" + PASSWORD + " ~* &* +@all",
            "masteruser", "admin",
            "masterauth", PASSWORD));
    private final RedisConnector admin = new RedisConnector(RedisConnectionSettings.builder().user("admin").password(PASSWORD).build());

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void applyAuthenticatesAsTheAclUserAndMovesKeysWithAuthenticatedMigrate() {
        List<RedisProcess> nodes = redis.start(30400, 4);
        String three = nodesArgument(nodes.subList(0, 3), List.of());
        ClusterTesting.Run create = runJar(ENV, "cluster", "apply", "-q", "--nodes", three, "--masters", "3", "--user", "admin",
                "--password-env", "QS_REDIS_PASSWORD");
        assertThat(create.exitCode()).as(create.output()).isZero();
        ClusterKeys keys = new ClusterKeys(admin);
        keys.load(nodes.get(0).endpoint(), "k", 20_000);

        ClusterTesting.Run grow = runJar(ENV, "cluster", "apply", "--nodes", nodesArgument(nodes, List.of()), "--masters", "4",
                "--user", "admin", "--password-env", "QS_REDIS_PASSWORD");

        assertThat(grow.exitCode()).as(grow.output()).isZero();
        assertThat(grow.output()).doesNotContain(PASSWORD);
        assertThat(masters(clusterNodes(admin, nodes.get(3).endpoint()))).hasSize(4);
        assertThat(keys.missingOrWrong(nodes.get(0).endpoint(), "k", 20_000)).isZero();
        ClusterTesting.Run check = redisCliCheck(nodes.get(3).endpoint(), "--user", "admin", "-a", PASSWORD, "--no-auth-warning");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void withoutCredentialsTheNodesAreReportedUnreachableAndNothingChanges() {
        List<RedisProcess> nodes = redis.start(30410, 3);

        ClusterTesting.Run apply = runJar(Map.of(), "cluster", "apply", "--nodes", nodesArgument(nodes, List.of()), "--masters", "3");

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.output()).contains("is unreachable").contains("NOAUTH");
        assertThat(clusterNodes(admin, nodes.get(0).endpoint())).hasSize(1);
    }
}

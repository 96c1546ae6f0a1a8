package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterStep.Failover;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The library user's test that redis-topology/README.md shows, and the check that it shows exactly this one. */
class ReadmeExampleTest {

    @Test
    void mastershipReturnsToThePreferredNodeOnceItHasCaughtUp() {
        // 10.0.0.2, preferred as master, is a replica after a failover, and has caught up.
        ObservedCluster observed = ObservedClusterParser.parse("""
                [10.0.0.1:6379]
                e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 10.0.0.1:6379@16379 myself,master - 0 0 2 connected 0-16383
                67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 10.0.0.2:6379@16379 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 0 2 connected
                [10.0.0.2:6379]
                67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 10.0.0.2:6379@16379 myself,slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 0 2 connected
                e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 10.0.0.1:6379@16379 master - 0 0 2 connected 0-16383
                role:slave
                master_link_status:up
                master_sync_in_progress:0
                """);
        ClusterShape shape = ClusterShape.of(List.of(NodeSpec.parse("10.0.0.1:6379"), NodeSpec.parse("10.0.0.2:6379+master")), 1, 1);

        ClusterPlan plan = new ClusterPlanner().plan(observed, shape);

        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Failover.class, failover -> {
            assertThat(failover.replica().endpoint()).isEqualTo(Endpoint.parse("10.0.0.2:6379"));
            assertThat(failover.master().endpoint()).isEqualTo(Endpoint.parse("10.0.0.1:6379"));
            assertThat(failover.mode()).isEqualTo(Failover.Mode.GRACEFUL);
            assertThat(failover.why()).isEqualTo(Failover.Why.PREFERRED_MASTER);
        });
    }

    @Test
    void theReadmeShowsThisExampleVerbatim() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/io/qsredis/topology/cluster/ReadmeExampleTest.java"));
        int start = source.indexOf("    @Test");
        int end = source.subList(start, source.size()).indexOf("    }") + start;
        String example = source.subList(start, end + 1).stream()
                .map(line -> line.length() >= 4 ? line.substring(4) : line)
                .collect(Collectors.joining("\n"));

        assertThat(Files.readString(Path.of("README.md"))).contains("```java\n" + example + "\n```");
    }
}

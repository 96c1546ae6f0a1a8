package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** How StatefulSets of rendered pods roll out on the testbed, with real processes. */
class StatefulSetControllerMockTest {

    private static final Duration TIMEOUT = PodRuntimeMockTest.TIMEOUT;

    private static Testbed testbed;

    @BeforeAll
    static void start() {
        testbed = Testbed.start(TestbedConfig.isolated());
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    /** Records pod events of a namespace in order, and each pod's readiness as last seen. */
    private static final class PodEvents implements Watcher<Pod> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Map<String, Boolean> ready = new ConcurrentHashMap<>();

        @Override
        public void eventReceived(Action action, Pod pod) {
            String name = pod.getMetadata().getName();
            if (action == Action.ADDED) {
                events.add("added " + name + " while " + ready);
            } else if (action == Action.DELETED) {
                events.add("deleted " + name);
            }
            ready.put(name, action != Action.DELETED && StatefulSetController.isReady(pod));
        }

        @Override
        public void onClose(WatcherException cause) {}
    }

    /** Changes the pod template (as {@code kubectl rollout restart} does) and the update strategy. */
    private static void changeTemplate(String namespace, String updateStrategy) {
        testbed.client().apps().statefulSets().inNamespace(namespace).withName("cache")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{"
                        + "\"template\":{\"metadata\":{\"annotations\":{\"restarted-by\":\"test\"}}},"
                        + "\"updateStrategy\":{\"type\":\"" + updateStrategy + "\"}}}");
    }

    private static String revision(String namespace, String pod) {
        return testbed.client().pods().inNamespace(namespace).withName(pod).get()
                .getMetadata().getLabels().get(StatefulSetController.REVISION_LABEL);
    }

    @Test
    void orderedReadyCreatesEachPodOnlyOnceThePreviousIsReady() {
        PodEvents pods = new PodEvents();
        try (Watch watch = testbed.client().pods().inNamespace("ordered").watch(pods)) {
            TestingResources.create(testbed.client(), "ordered", "replication.yaml");
            testbed.hooks().awaitReady("ordered", "cache-1", TIMEOUT);
        }

        assertThat(pods.events).containsExactly("added cache-0 while {}", "added cache-1 while {cache-0=true}");
    }

    @Test
    void aRollingUpdateReplacesPodsFromTheHighestOrdinalOneAtATime() {
        TestingResources.create(testbed.client(), "rolling", "replication.yaml");
        testbed.hooks().awaitReady("rolling", "cache-0", TIMEOUT);
        testbed.hooks().awaitReady("rolling", "cache-1", TIMEOUT);
        String before = revision("rolling", "cache-0");
        PodEvents pods = new PodEvents();

        try (Watch watch = testbed.client().pods().inNamespace("rolling").watch(pods)) {
            changeTemplate("rolling", "RollingUpdate");
            Await.until("every pod at the new revision and Ready", TIMEOUT, () -> {
                StatefulSet sts = testbed.client().apps().statefulSets().inNamespace("rolling").withName("cache").get();
                return !sts.getStatus().getUpdateRevision().equals(before)
                        && sts.getStatus().getUpdatedReplicas() == 2 && sts.getStatus().getReadyReplicas() == 2
                        && sts.getStatus().getCurrentRevision().equals(sts.getStatus().getUpdateRevision());
            });
        }

        assertThat(revision("rolling", "cache-0")).isNotEqualTo(before);
        assertThat(pods.events).filteredOn(event -> event.startsWith("deleted"))
                .containsExactly("deleted cache-1", "deleted cache-0");
        assertThat(pods.events.indexOf("deleted cache-0"))
                .isGreaterThan(pods.events.stream().filter(e -> e.startsWith("added cache-1")).findFirst().map(pods.events::indexOf).orElse(-1));
    }

    @Test
    void onDeleteLeavesPodsOfAnOlderTemplateRunning() {
        TestingResources.create(testbed.client(), "ondelete", "replication.yaml");
        String uid = testbed.hooks().awaitReady("ondelete", "cache-0", TIMEOUT).getMetadata().getUid();
        testbed.hooks().awaitReady("ondelete", "cache-1", TIMEOUT);
        String before = revision("ondelete", "cache-0");

        changeTemplate("ondelete", "OnDelete");
        Await.until("the StatefulSet status naming the new revision", TIMEOUT, () -> {
            StatefulSet sts = testbed.client().apps().statefulSets().inNamespace("ondelete").withName("cache").get();
            return !sts.getStatus().getUpdateRevision().equals(before);
        });

        assertThat(testbed.client().pods().inNamespace("ondelete").withName("cache-0").get().getMetadata().getUid()).isEqualTo(uid);
        assertThat(testbed.client().apps().statefulSets().inNamespace("ondelete").withName("cache").get().getStatus())
                .satisfies(status -> {
                    assertThat(status.getCurrentRevision()).isEqualTo(before);
                    assertThat(status.getUpdatedReplicas()).isZero();
                });
        testbed.hooks().deletePod("ondelete", "cache-0");
        Await.until("cache-0 re-created at the new revision", TIMEOUT, () -> {
            Pod pod = testbed.client().pods().inNamespace("ondelete").withName("cache-0").get();
            return pod != null && !pod.getMetadata().getUid().equals(uid)
                    && !before.equals(pod.getMetadata().getLabels().get(StatefulSetController.REVISION_LABEL));
        });
    }
}

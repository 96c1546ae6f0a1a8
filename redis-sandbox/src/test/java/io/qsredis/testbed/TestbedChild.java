package io.qsredis.testbed;

import java.time.Duration;

/**
 * A JVM that runs a testbed with one Redis pod, prints {@code <pid of redis-server> <state directory>} and
 * waits to be stopped or killed; run by {@link TestbedLifecycleMockTest}.
 */
public final class TestbedChild {

    private TestbedChild() {}

    public static void main(String[] args) throws InterruptedException {
        Testbed testbed = Testbed.start(TestbedConfig.isolated());
        TestingResources.create(testbed.client(), "default", "standalone.yaml");
        testbed.hooks().awaitReady("default", "solo-0", Duration.ofSeconds(30));
        System.out.println(testbed.hooks().containerPid("default", "solo-0").orElseThrow() + " " + testbed.stateDirectory());
        System.out.flush();
        Thread.sleep(300_000);
    }
}

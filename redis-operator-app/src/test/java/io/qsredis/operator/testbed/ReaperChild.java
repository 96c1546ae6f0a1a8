package io.qsredis.operator.testbed;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A JVM that starts one container under a {@link ProcessReaper}, prints its pid and waits to be killed; run by
 * {@link TestbedLifecycleMockTest}.
 */
public final class ReaperChild {

    private ReaperChild() {}

    public static void main(String[] args) throws InterruptedException {
        Path directory = Path.of(args[0]);
        ProcessReaper reaper = new ProcessReaper(directory.resolve("run"));
        ContainerProcess container = ContainerProcess.start(
                new PodTranslation.Launch(List.of("sleep", "300"), Map.of("PATH", System.getenv("PATH")), directory),
                directory.resolve("sleep.log"),
                reaper);
        System.out.println(container.pid());
        System.out.flush();
        Thread.sleep(300_000);
    }
}

package io.qsredis.testbed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Applies a manifest file to a testbed and again whenever its content changes, so that a sandbox user scales
 * by editing {@code clusterSize}. The file is read every half second (editors replace files rather than write
 * them in place, which file-system events report unreliably); a version that fails to parse or apply is
 * reported once and retried only when the file changes again.
 */
public final class ManifestWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestWatcher.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** Told what each apply did, or why it failed. */
    public interface Listener {
        void applied(List<ManifestChange> changes);

        void failed(Exception failure);
    }

    private final Testbed testbed;
    private final Path file;
    private final Listener listener;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "testbed-manifest-watcher");
        t.setDaemon(true);
        return t;
    });
    private byte[] seen;

    private ManifestWatcher(Testbed testbed, Path file, Listener listener) {
        this.testbed = testbed;
        this.file = file;
        this.listener = listener;
    }

    /**
     * Applies {@code file} now (a failure is thrown: a sandbox should not start on a broken manifest), then
     * watches it.
     */
    public static ManifestWatcher start(Testbed testbed, Path file, Listener listener) throws IOException {
        ManifestWatcher watcher = new ManifestWatcher(testbed, file, listener);
        watcher.seen = Files.readAllBytes(file);
        listener.applied(watcher.apply(watcher.seen));
        watcher.thread.scheduleWithFixedDelay(watcher::check, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        return watcher;
    }

    private void check() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            return;
        }
        if (Arrays.equals(content, seen)) {
            return;
        }
        seen = content;
        try {
            listener.applied(apply(content));
        } catch (RuntimeException e) {
            LOG.info("manifest not applied file={} reason={}", file, e.getMessage());
            listener.failed(e);
        }
    }

    private List<ManifestChange> apply(byte[] content) {
        return testbed.apply(file.toAbsolutePath().toString(), new String(content, StandardCharsets.UTF_8), "default");
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

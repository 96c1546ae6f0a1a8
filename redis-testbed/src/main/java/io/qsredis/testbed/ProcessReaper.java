package io.qsredis.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A dead man's switch for the testbed's processes. A small shell in its own session blocks reading a pipe
 * from this JVM; when the JVM goes, even by {@code kill -9}, the pipe closes and the shell kills the process
 * group of every container still listed. Each container runs in its own session ({@code setsid}), so its
 * process group is its pid and holds whatever its {@code sh -c} script started.
 */
final class ProcessReaper implements AutoCloseable {

    private static final String SCRIPT = "trap '' INT HUP TERM; cat >/dev/null; "
            + "while read -r group; do kill -9 -\"$group\" 2>/dev/null; done < \"$1\"";

    private final Path registry;
    private final Process watchdog;
    private final OutputStream lifeline;
    private final Set<Long> groups = new LinkedHashSet<>();

    ProcessReaper(Path directory) {
        this.registry = directory.resolve("process-groups");
        try {
            Files.createDirectories(directory);
            Files.writeString(registry, "");
            watchdog = new ProcessBuilder("setsid", "sh", "-c", SCRIPT, "reaper", registry.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lifeline = watchdog.getOutputStream();
    }

    /** Lists a container's process group (its pid) for killing should the JVM die. */
    synchronized void register(long group) {
        groups.add(group);
        save();
    }

    synchronized void unregister(long group) {
        groups.remove(group);
        save();
    }

    /** Disarms the switch; the caller has stopped every container already. */
    @Override
    public synchronized void close() {
        groups.clear();
        save();
        try {
            lifeline.close();
            if (!watchdog.waitFor(5, TimeUnit.SECONDS)) {
                watchdog.destroyForcibly();
            }
        } catch (IOException e) {
            watchdog.destroyForcibly();
        } catch (InterruptedException e) {
            watchdog.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void save() {
        StringBuilder lines = new StringBuilder();
        groups.forEach(group -> lines.append(group).append('\n'));
        try {
            Path temporary = Files.createTempFile(registry.getParent(), ".process-groups", ".tmp");
            Files.writeString(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, registry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

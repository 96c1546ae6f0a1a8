package io.qsredis.testbed;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the kubelet writes each container's output, and how {@code pods/log} reads it back: one file per
 * container under the pod's directory, {@code <pods root>/<namespace>/<pod>-<uid>/logs/<container>.log}, each run
 * of the container appended.
 */
final class ContainerLogs {

    private ContainerLogs() {}

    /** The directory of one pod (its volumes, its containers' logs); a recreated pod has a new uid, so a new one. */
    static Path podDirectory(Path podsRoot, String namespace, String pod, String uid) {
        return podsRoot.resolve(namespace).resolve(pod + "-" + uid);
    }

    static Path file(Path podDirectory, String container) {
        return podDirectory.resolve("logs").resolve(container + ".log");
    }

    /** The last {@code lines} lines of {@code text} ({@code kubectl logs --tail}); all of it when negative. */
    static String tail(String text, int lines) {
        if (lines < 0) {
            return text;
        }
        String[] all = text.split("\n", -1);
        int count = text.endsWith("\n") ? all.length - 1 : all.length;
        int from = Math.max(0, count - lines);
        String kept = String.join("\n", Arrays.asList(all).subList(from, count));
        return kept.isEmpty() ? "" : kept + "\n";
    }
}

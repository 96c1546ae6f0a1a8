package io.qsredis.renderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * Compares text with a file under {@code src/test/resources/golden}. Run with {@code -Dgolden.update=true} to
 * rewrite the files on purpose, then review them in the diff of the commit.
 */
final class GoldenFiles {
    private static final Path DIRECTORY = Path.of("src", "test", "resources", "golden");
    private static final int CONTEXT = 3;

    private GoldenFiles() {}

    static void assertMatches(String name, String actual) {
        Path file = DIRECTORY.resolve(name);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIRECTORY);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                fail("no golden file " + file + ": run the tests with -Dgolden.update=true and review what they wrote");
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                fail("rendering differs from " + file + " (run with -Dgolden.update=true if the change is intended):\n"
                        + diff(expected.lines().toList(), actual.lines().toList()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A unified-style line diff ("-" expected, "+" actual) with a few lines of context around each change. */
    static String diff(List<String> expected, List<String> actual) {
        int[][] common = new int[expected.size() + 1][actual.size() + 1];
        for (int i = expected.size() - 1; i >= 0; i--) {
            for (int j = actual.size() - 1; j >= 0; j--) {
                common[i][j] = expected.get(i).equals(actual.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < expected.size() || j < actual.size()) {
            if (i < expected.size() && j < actual.size() && expected.get(i).equals(actual.get(j))) {
                lines.add("  " + (i + 1) + ": " + expected.get(i));
                i++;
                j++;
            } else if (j < actual.size() && (i == expected.size() || common[i][j + 1] > common[i + 1][j])) {
                lines.add("+ " + (j + 1) + ": " + actual.get(j));
                j++;
            } else {
                lines.add("- " + (i + 1) + ": " + expected.get(i));
                i++;
            }
        }
        StringBuilder out = new StringBuilder();
        int lastPrinted = -1;
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).startsWith("  ")) {
                continue;
            }
            int from = Math.max(Math.max(0, k - CONTEXT), lastPrinted + 1);
            if (lastPrinted >= 0 && from > lastPrinted + 1) {
                out.append("  ...\n");
            }
            int to = Math.min(lines.size() - 1, k + CONTEXT);
            for (int m = from; m <= to; m++) {
                out.append(lines.get(m)).append('\n');
            }
            lastPrinted = Math.max(lastPrinted, to);
        }
        return out.toString();
    }
}

package io.qsredis.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which chart {@code sandbox --chart NAME} means: a directory holding a {@code Chart.yaml}, or one of the project's
 * four charts by name, under {@code charts/} of the working directory (where {@code bin/run} runs).
 */
public final class ChartReference {
    /** The project's charts, as {@code --chart} takes them by name. */
    public static final List<String> PROJECT_CHARTS =
            List.of("qs-redis-operator-ot", "qs-redis-standalone", "qs-redis-sentinel", "qs-redis-cluster");

    private ChartReference() {}

    /**
     * The chart directory {@code name} refers to, looked up as a path first and then under {@code chartsDirectory}.
     *
     * @throws IllegalArgumentException naming what was looked for, when neither holds a chart
     */
    public static Path resolve(String name, Path chartsDirectory) {
        Path asPath = Path.of(name);
        if (isChart(asPath)) {
            return asPath;
        }
        Path underCharts = chartsDirectory.resolve(name);
        if (!asPath.isAbsolute() && isChart(underCharts)) {
            return underCharts;
        }
        throw new IllegalArgumentException("no chart " + name + ": neither " + asPath + " nor " + underCharts
                + " is a directory with a Chart.yaml (the project's charts: " + String.join(", ", PROJECT_CHARTS) + ")");
    }

    private static boolean isChart(Path directory) {
        return Files.isRegularFile(directory.resolve("Chart.yaml"));
    }
}

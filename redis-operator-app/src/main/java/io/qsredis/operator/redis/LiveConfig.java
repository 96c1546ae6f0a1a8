package io.qsredis.operator.redis;

import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies {@code "name value"} configuration lines to a running process with {@code CONFIG SET}, only where
 * {@code CONFIG GET} shows another value. Redis normalises some values ({@code 1gb} reads back as
 * {@code 1073741824}); the normalised form seen after a set is remembered so that it does not count as a difference.
 */
public final class LiveConfig {
    private final Map<String, String> normalised = new ConcurrentHashMap<>();

    /** One line that could not be applied, with Redis's reason. */
    public record Rejected(String line, String reason) {}

    /** What one application did. */
    public record Result(List<String> changed, List<Rejected> rejected) {}

    public Result apply(Jedis jedis, List<String> lines) {
        List<String> changed = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.trim();
            int space = trimmed.indexOf(' ');
            if (space < 0) {
                rejected.add(new Rejected(line, "expected \"name value\""));
                continue;
            }
            String name = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
            String value = unquote(trimmed.substring(space + 1).trim());
            String current = jedis.configGet(name).getOrDefault(name, null);
            if (value.equals(current) || (current != null && current.equals(normalised.get(name + " " + value)))) {
                continue;
            }
            try {
                jedis.configSet(name, value);
            } catch (RuntimeException e) {
                rejected.add(new Rejected(line, e.getMessage()));
                continue;
            }
            String after = jedis.configGet(name).get(name);
            if (after != null) {
                normalised.put(name + " " + value, after);
            }
            changed.add(name);
        }
        return new Result(changed, rejected);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}

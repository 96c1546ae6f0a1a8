package io.qsredis.topology.exec;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Decoding of raw replies of {@code sendCommand}. */
final class Replies {

    private Replies() {}

    static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }

    /** The value of {@code name:value} in an INFO-style text. */
    static Optional<String> field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Optional.of(line.substring(name.length() + 1).trim());
            }
        }
        return Optional.empty();
    }
}

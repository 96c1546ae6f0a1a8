package io.qsredis.topology.sentinel;

import java.util.Map;

final class SentinelReplies {

    private SentinelReplies() {}

    static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no '" + name + "' in SENTINEL reply " + fields.keySet());
        }
        return value;
    }
}

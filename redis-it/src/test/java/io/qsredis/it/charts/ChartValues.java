package io.qsredis.it.charts;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A chart's values as its schema describes them: one {@link Value} per leaf of {@code values.schema.json} (an object
 * with {@code properties} whose default is a non-empty map is a branch, anything else a leaf), with its default from
 * {@code values.yaml}. The README's
 * values table is {@link #table}.
 */
record ChartValues(List<Value> values) {

    record Value(String path, String type, String defaultJson, String description) {}

    static ChartValues of(String chart) {
        List<Value> values = new ArrayList<>();
        walk(Charts.file(chart, "values.schema.json"), Charts.file(chart, "values.yaml"), "", values);
        return new ChartValues(values);
    }

    private static void walk(JsonNode schema, JsonNode defaults, String prefix, List<Value> into) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String path = prefix + property.getKey();
            JsonNode node = property.getValue();
            JsonNode value = defaults.path(property.getKey());
            if (node.has("properties") && value.isObject() && !value.isEmpty()) {
                walk(node, value, path + ".", into);
            } else {
                into.add(new Value(path, type(node), value.isMissingNode() ? null : value.toString(), node.path("description").asString("")));
            }
        }
    }

    private static String type(JsonNode node) {
        List<String> types = new ArrayList<>();
        node.path("type").forEach(t -> types.add(t.asString()));
        String type = node.path("type").isArray() ? String.join(" or ", types) : node.path("type").asString("");
        if (node.has("enum")) {
            List<String> options = new ArrayList<>();
            node.path("enum").forEach(v -> options.add("`" + v.asString() + "`"));
            type += ": " + String.join(", ", options);
        }
        return type;
    }

    /** Every leaf path of values.yaml, descending only where the schema has properties, so that the two can be compared. */
    static TreeSet<String> paths(JsonNode schema, JsonNode values, String prefix) {
        TreeSet<String> paths = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : values.properties()) {
            String path = prefix + entry.getKey();
            JsonNode property = schema.path("properties").path(entry.getKey());
            if (property.has("properties") && entry.getValue().isObject() && !entry.getValue().isEmpty()) {
                paths.addAll(paths(property, entry.getValue(), path + "."));
            } else {
                paths.add(path);
            }
        }
        return paths;
    }

    /** The README's values table, in the schema's order. */
    String table() {
        StringBuilder table = new StringBuilder("| Key | Type | Default | Description |\n|---|---|---|---|\n");
        for (Value value : values) {
            table.append("| `").append(value.path()).append("` | ").append(value.type()).append(" | `")
                    .append(String.valueOf(value.defaultJson()).replace("|", "\\|")).append("` | ")
                    .append(value.description().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }
}

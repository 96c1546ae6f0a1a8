package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code meta.k8s.io/v1 Table} a real API server answers when a client asks for {@code as=Table} (as
 * {@code kubectl get} does), so that kubectl prints the server's columns: for a custom resource Name and its CRD's
 * {@code additionalPrinterColumns} (simple JSONPaths, a {@code date} column as an age), for pods NAME, READY,
 * STATUS, RESTARTS, AGE and, in {@code -o wide}, IP and NODE; for any other kind NAME and AGE.
 */
final class TableView {

    /** {@code includeObject}: what each row carries besides its cells. */
    enum Include { NONE, METADATA, OBJECT;

        static Include of(String value) {
            return value == null || value.isEmpty() || value.equals("Metadata") ? METADATA
                    : value.equals("Object") ? OBJECT : NONE;
        }
    }

    private record Column(String name, String type, String format, String description, int priority,
            Function<JsonNode, JsonNode> cell) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TableView() {}

    /** Whether {@code accept} asks for a Table (kubectl lists it first, then v1beta1, then plain JSON). */
    static boolean isAskedFor(String accept) {
        return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
    }

    /** The Table of {@code objects}, all of {@code resource}, as at {@code now}. */
    static ObjectNode of(ServedResource resource, List<JsonNode> objects, Include include, Instant now, String resourceVersion) {
        List<Column> columns = columns(resource, now);
        ObjectNode table = NODES.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column column : columns) {
            definitions.addObject()
                    .put("name", column.name())
                    .put("type", column.type())
                    .put("format", column.format())
                    .put("description", column.description())
                    .put("priority", column.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            columns.forEach(column -> cells.add(column.cell().apply(object)));
            switch (include) {
                case OBJECT -> row.set("object", object);
                case METADATA -> row.putObject("object")
                        .put("kind", "PartialObjectMetadata")
                        .put("apiVersion", "meta.k8s.io/v1")
                        .set("metadata", object.path("metadata"));
                case NONE -> { }
            }
        }
        return table;
    }

    private static List<Column> columns(ServedResource resource, Instant now) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", "name", "Name must be unique within a namespace.", 0,
                object -> NODES.stringNode(object.path("metadata").path("name").asString(""))));
        if (!resource.printerColumns().isEmpty()) {
            for (CustomResourceColumnDefinition column : resource.printerColumns()) {
                columns.add(new Column(column.getName(), column.getType(), Optional.ofNullable(column.getFormat()).orElse(""),
                        Optional.ofNullable(column.getDescription()).orElse(""),
                        Optional.ofNullable(column.getPriority()).orElse(0),
                        object -> printerCell(column.getType(), at(object, column.getJsonPath()), now)));
            }
            return columns;
        }
        if (resource.group().isEmpty() && resource.plural().equals("pods")) {
            columns.add(new Column("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.", 0,
                    TableView::podReady));
            columns.add(new Column("Status", "string", "", "The aggregate status of the containers in this pod.", 0,
                    TableView::podStatus));
            columns.add(new Column("Restarts", "integer", "", "The number of times the containers in this pod have been restarted.", 0,
                    TableView::podRestarts));
            columns.add(age(now));
            columns.add(new Column("IP", "string", "", "IP address allocated to the pod.", 1,
                    object -> NODES.stringNode(object.path("status").path("podIP").asString("<none>"))));
            columns.add(new Column("Node", "string", "", "Name of the Node the pod is assigned to.", 1,
                    object -> NODES.stringNode(object.path("spec").path("nodeName").asString("<none>"))));
            return columns;
        }
        columns.add(age(now));
        return columns;
    }

    private static Column age(Instant now) {
        return new Column("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
                object -> printerCell("date", object.path("metadata").path("creationTimestamp"), now));
    }

    /** The value at a simple JSONPath ({@code .status.masterNode}, {@code .spec.items[0].name}); missing if absent. */
    static JsonNode at(JsonNode object, String jsonPath) {
        JsonNode node = object;
        for (String step : jsonPath.replaceFirst("^\\.", "").split("\\.")) {
            int bracket = step.indexOf('[');
            String field = bracket < 0 ? step : step.substring(0, bracket);
            if (!field.isEmpty()) {
                node = node.path(field);
            }
            if (bracket >= 0 && step.endsWith("]")) {
                node = node.path(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
            }
        }
        return node;
    }

    private static JsonNode printerCell(String type, JsonNode value, Instant now) {
        if (value.isMissingNode() || value.isNull()) {
            return NullNode.getInstance();
        }
        if ("date".equals(type)) {
            try {
                return NODES.stringNode(humanDuration(Duration.between(Instant.parse(value.asString()), now)));
            } catch (DateTimeParseException e) {
                return NODES.stringNode(value.asString());
            }
        }
        if ("string".equals(type)) {
            return NODES.stringNode(value.isValueNode() ? value.asString() : value.toString());
        }
        return value;
    }

    /** Kubernetes' {@code duration.HumanDuration}: {@code 45s}, {@code 5m30s}, {@code 42m}, {@code 3h5m}, {@code 2d4h}. */
    static String humanDuration(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        if (days < 8) {
            return hours % 24 == 0 ? days + "d" : days + "d" + hours % 24 + "h";
        }
        if (days < 365 * 2) {
            return days + "d";
        }
        return days / 365 + "y";
    }

    private static JsonNode podReady(JsonNode pod) {
        int containers = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            if (status.path("ready").asBoolean(false)) {
                ready++;
            }
        }
        return NODES.stringNode(ready + "/" + containers);
    }

    private static JsonNode podStatus(JsonNode pod) {
        if (pod.path("metadata").has("deletionTimestamp")) {
            return NODES.stringNode("Terminating");
        }
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            String waiting = status.path("state").path("waiting").path("reason").asString("");
            if (!waiting.isEmpty()) {
                return NODES.stringNode(waiting);
            }
            String terminated = status.path("state").path("terminated").path("reason").asString("");
            if (!terminated.isEmpty()) {
                return NODES.stringNode(terminated);
            }
        }
        return NODES.stringNode(pod.path("status").path("phase").asString("Pending"));
    }

    private static JsonNode podRestarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            restarts += status.path("restartCount").asInt(0);
        }
        return NODES.numberNode(restarts);
    }
}

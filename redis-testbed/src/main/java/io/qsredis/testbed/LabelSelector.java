package io.qsredis.testbed;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A watch's {@code labelSelector} in its equality-based forms ({@code app=x}, {@code app==x}, {@code app!=x}, {@code app},
 * {@code !app}), matched against an object's {@code metadata.labels}. The set-based forms ({@code in}, {@code notin})
 * are refused: the CRUD store's own list filter reads them, the testbed's watch does not.
 */
record LabelSelector(List<Requirement> requirements) {

    enum Operator { EQUALS, NOT_EQUALS, EXISTS, DOES_NOT_EXIST }

    record Requirement(String key, Operator operator, String value) {}

    LabelSelector {
        requirements = List.copyOf(requirements);
    }

    /** Reads {@code selector}; a set-based requirement is refused with {@link IllegalArgumentException}. */
    static LabelSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        for (String requirement : selector.split(",")) {
            String r = requirement.trim();
            if (r.isEmpty()) {
                continue;
            }
            if (r.contains("(")) {
                throw new IllegalArgumentException("set-based label selector requirement \"" + r + "\" is not supported");
            }
            if (r.contains("=")) {
                // The equality forms read as a field selector's (a=b, a==b, a!=b).
                FieldSelector.Requirement equality = FieldSelector.parse(r).requirements().get(0);
                requirements.add(new Requirement(equality.field(), equality.negated() ? Operator.NOT_EQUALS : Operator.EQUALS, equality.value()));
            } else if (r.startsWith("!")) {
                requirements.add(new Requirement(r.substring(1).trim(), Operator.DOES_NOT_EXIST, ""));
            } else {
                requirements.add(new Requirement(r, Operator.EXISTS, ""));
            }
        }
        return new LabelSelector(requirements);
    }

    boolean matches(JsonNode object) {
        JsonNode labels = object.path("metadata").path("labels");
        for (Requirement requirement : requirements) {
            JsonNode label = labels.path(requirement.key());
            boolean present = label.isValueNode();
            boolean holds = switch (requirement.operator()) {
                case EQUALS -> present && label.asString("").equals(requirement.value());
                case NOT_EQUALS -> !present || !label.asString("").equals(requirement.value());
                case EXISTS -> present;
                case DOES_NOT_EXIST -> !present;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}

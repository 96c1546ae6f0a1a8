package io.qsredis.testbed;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A list's {@code fieldSelector} ({@code involvedObject.name=x,involvedObject.uid=y}, {@code status.phase!=Running}),
 * matched against each object's fields by their dotted paths. The CRUD store matches only the fields it indexes
 * (name and namespace), so {@code kubectl describe} found no Events; this matches any field as a real server
 * matches the fields it supports. A field an object lacks reads as the empty string.
 */
record FieldSelector(List<Requirement> requirements) {

    /** {@code field=value} (or {@code ==}), or {@code field!=value} when {@code negated}. */
    record Requirement(String field, String value, boolean negated) {}

    FieldSelector {
        requirements = List.copyOf(requirements);
    }

    /** Reads {@code selector}; a requirement that is not {@code a=b}, {@code a==b} or {@code a!=b} is refused. */
    static FieldSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        for (String requirement : selector.split(",")) {
            if (requirement.isBlank()) {
                continue;
            }
            int notEquals = requirement.indexOf("!=");
            int equals = requirement.indexOf('=');
            if (notEquals > 0) {
                requirements.add(new Requirement(requirement.substring(0, notEquals).trim(),
                        requirement.substring(notEquals + 2).trim(), true));
            } else if (equals > 0) {
                int valueFrom = requirement.startsWith("==", equals) ? equals + 2 : equals + 1;
                requirements.add(new Requirement(requirement.substring(0, equals).trim(),
                        requirement.substring(valueFrom).trim(), false));
            } else {
                throw new IllegalArgumentException("invalid field selector requirement \"" + requirement
                        + "\": expected field=value, field==value or field!=value");
            }
        }
        return new FieldSelector(requirements);
    }

    boolean matches(JsonNode object) {
        for (Requirement requirement : requirements) {
            JsonNode field = object;
            for (String step : requirement.field().split("\\.")) {
                field = field.path(step);
            }
            String actual = field.isValueNode() ? field.asString("") : "";
            if (actual.equals(requirement.value()) == requirement.negated()) {
                return false;
            }
        }
        return true;
    }
}

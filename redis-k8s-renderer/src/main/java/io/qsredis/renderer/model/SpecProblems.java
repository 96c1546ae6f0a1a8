package io.qsredis.renderer.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/** Collects the problems of one custom resource so that a user sees all of them at once, each once. */
final class SpecProblems {
    private final String resource;
    private final Set<String> problems = new LinkedHashSet<>();

    SpecProblems(String resource) {
        this.resource = resource;
    }

    void add(String problem) {
        problems.add(problem);
    }

    void require(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(resource, new ArrayList<>(problems));
        }
    }
}

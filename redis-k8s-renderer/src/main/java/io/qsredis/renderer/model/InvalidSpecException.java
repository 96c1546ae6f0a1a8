package io.qsredis.renderer.model;

import java.util.List;

/** A custom resource that cannot be rendered, with every problem found, each a sentence naming the field. */
public class InvalidSpecException extends RuntimeException {
    private final transient List<String> problems;

    public InvalidSpecException(String resource, List<String> problems) {
        super(resource + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

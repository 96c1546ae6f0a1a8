package io.qsredis.model.validation;

/**
 * One problem with a custom resource: the field path it concerns (as a user writes it, e.g.
 * {@code spec.redisSentinelConfig.quorum}), what is wrong and whether the operator can go on.
 */
public record Violation(Severity severity, String path, String message) {

    public enum Severity {
        /** The spec cannot be carried out; the operator touches nothing. */
        ERROR,
        /** The spec is carried out, but the user should know (e.g. not highly available). */
        WARNING
    }

    public static Violation error(String path, String message) {
        return new Violation(Severity.ERROR, path, message);
    }

    public static Violation warning(String path, String message) {
        return new Violation(Severity.WARNING, path, message);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}

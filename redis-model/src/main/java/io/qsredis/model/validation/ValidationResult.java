package io.qsredis.model.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in one custom resource, errors and warnings. */
public record ValidationResult(List<Violation> violations) {

    public ValidationResult {
        violations = List.copyOf(violations);
    }

    public List<Violation> errors() {
        return violations.stream().filter(v -> v.severity() == Violation.Severity.ERROR).toList();
    }

    public List<Violation> warnings() {
        return violations.stream().filter(v -> v.severity() == Violation.Severity.WARNING).toList();
    }

    public boolean isValid() {
        return errors().isEmpty();
    }

    /** One line a status condition or an Event can carry: every error, by field path. */
    public String errorSummary() {
        return errors().stream().map(Violation::toString).collect(Collectors.joining("; "));
    }

    public String warningSummary() {
        return warnings().stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}

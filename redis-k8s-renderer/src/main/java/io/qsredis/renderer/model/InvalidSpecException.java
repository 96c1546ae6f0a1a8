package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.model.validation.SpecValidator;
import io.qsredis.model.validation.ValidationResult;
import io.qsredis.model.validation.Violation;

import java.util.List;

/**
 * A custom resource that cannot be rendered, with every error {@link SpecValidator} found, each naming its field
 * ({@code spec.clusterSize: must be at least 1, got 0}).
 */
public class InvalidSpecException extends RuntimeException {
    private final transient List<Violation> violations;

    /** @param problems sentences naming the field, each reported as an error without a path of its own */
    public InvalidSpecException(String resource, List<String> problems) {
        this(resource, problems.stream().map(problem -> Violation.error("", problem)).toList(), String.join("; ", problems));
    }

    /** @param result a result with errors; its warnings are not part of the exception */
    public InvalidSpecException(String resource, ValidationResult result) {
        this(resource, result.errors(), result.errorSummary());
    }

    private InvalidSpecException(String resource, List<Violation> violations, String summary) {
        super(resource + ": " + summary);
        this.violations = List.copyOf(violations);
    }

    /** @throws InvalidSpecException when {@link SpecValidator} finds an error in the resource */
    static void requireValid(HasMetadata resource) {
        ValidationResult result = SpecValidator.validate(resource);
        if (!result.isValid()) {
            String name = resource.getMetadata() == null || resource.getMetadata().getName() == null ? "" : resource.getMetadata().getName();
            throw new InvalidSpecException(resource.getKind() + " " + name, result);
        }
    }

    /** Every error, {@code "<path>: <message>"}. */
    public List<String> problems() {
        return violations.stream().map(InvalidSpecException::sentence).toList();
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String sentence(Violation violation) {
        return violation.path().isEmpty() ? violation.message() : violation.toString();
    }
}

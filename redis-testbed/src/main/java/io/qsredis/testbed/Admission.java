package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.RedisApi;
import io.qsredis.model.schema.CrdSchemaValidator;
import io.qsredis.model.validation.Violation;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a real API server does to an object between the request and storage, for the parts the operator and its
 * users meet: the name follows the DNS rules of its kind ({@link ObjectNames}, on create); a custom resource of the
 * four kinds loses the fields its CRD schema does not declare (a warning each, or, under {@code
 * fieldValidation=Strict} as {@code kubectl} asks, a 400 refusal), gets the schema's defaults, and is validated
 * against the schema and its CEL rules ({@link CrdSchemaValidator}). A refusal is the server's Status: 422 {@code
 * Invalid} naming every field in {@code details.causes}.
 */
final class Admission {

    /** How a request asks the server to treat unknown fields ({@code ?fieldValidation=}). */
    enum FieldValidation {
        IGNORE, WARN, STRICT;

        /** The mode a request path asks for; {@code Warn} when it asks for none, as on a real server. */
        static FieldValidation of(String path) {
            int query = path.indexOf('?');
            if (query >= 0) {
                for (String parameter : path.substring(query + 1).split("&")) {
                    if (parameter.startsWith("fieldValidation=")) {
                        return switch (parameter.substring("fieldValidation=".length())) {
                            case "Strict" -> STRICT;
                            case "Ignore" -> IGNORE;
                            default -> WARN;
                        };
                    }
                }
            }
            return WARN;
        }
    }

    /** The outcome: the object to store with the warnings for the client, or the Status that refuses it. */
    sealed interface Verdict {
        record Admitted(JsonNode object, List<String> warnings) implements Verdict {}

        record Refused(int code, String status) implements Verdict {}
    }

    private Admission() {}

    /** Admits {@code object}, written by a create (names are checked only then) or an update. */
    static Verdict admit(JsonNode object, boolean create, FieldValidation fieldValidation) {
        String kind = object.path("kind").asString("");
        String name = object.path("metadata").path("name").asString("");
        if (create && !name.isEmpty()) {
            Optional<String> problem = ObjectNames.problem(kind, name);
            if (problem.isPresent()) {
                return invalid(object, List.of(Violation.error("metadata.name", "Invalid value: \"" + name + "\": " + problem.get())));
            }
        }
        if (!CrdSchemaValidator.isKind(kind) || !object.path("apiVersion").asString("").startsWith(RedisApi.GROUP + "/")) {
            return new Verdict.Admitted(object, List.of());
        }
        CrdSchemaValidator schema = CrdSchemaValidator.forKind(kind);
        CrdSchemaValidator.Pruned pruned = schema.pruned(object);
        if (!pruned.unknownFields().isEmpty() && fieldValidation == FieldValidation.STRICT) {
            return new Verdict.Refused(400, status(new StatusBuilder()
                    .withCode(400)
                    .withReason("BadRequest")
                    .withMessage(kind + " in version \"" + object.path("apiVersion").asString("").replaceFirst(".*/", "")
                            + "\" cannot be handled as a " + kind + ": strict decoding error: "
                            + String.join(", ", pruned.unknownFields().stream().map(field -> "unknown field \"" + field + "\"").toList()))
                    .build()));
        }
        JsonNode defaulted = schema.defaulted(pruned.resource());
        List<Violation> violations = schema.validate(pruned.resource());
        if (!violations.isEmpty()) {
            return invalid(defaulted, violations);
        }
        List<String> warnings = fieldValidation == FieldValidation.WARN
                ? pruned.unknownFields().stream().map(field -> "unknown field \"" + field + "\"").toList()
                : List.of();
        return new Verdict.Admitted(defaulted, warnings);
    }

    /** 422 Invalid as the server words it: {@code Kind.group "name" is invalid: path: message[, ...]}. */
    static Verdict invalid(JsonNode object, List<Violation> violations) {
        String kind = object.path("kind").asString("");
        String apiVersion = object.path("apiVersion").asString("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String name = object.path("metadata").path("name").asString("");
        List<String> errors = violations.stream().map(Violation::toString).toList();
        String listed = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
        List<StatusCause> causes = new ArrayList<>();
        for (Violation violation : violations) {
            causes.add(new StatusCauseBuilder()
                    .withReason(causeReason(violation.message()))
                    .withMessage(violation.message())
                    .withField(violation.path())
                    .build());
        }
        return new Verdict.Refused(422, status(new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage((group.isEmpty() ? kind : kind + "." + group) + " \"" + name + "\" is invalid: " + listed)
                .withNewDetails()
                    .withName(name)
                    .withGroup(group.isEmpty() ? null : group)
                    .withKind(kind)
                    .withCauses(causes)
                .endDetails()
                .build()));
    }

    /** The cause's reason, from the error type a server message starts with (k8s.io/apimachinery field.ErrorType). */
    private static String causeReason(String message) {
        if (message.startsWith("Required value")) {
            return "FieldValueRequired";
        }
        if (message.startsWith("Unsupported value")) {
            return "FieldValueNotSupported";
        }
        if (message.startsWith("Unknown field")) {
            return "FieldValueUnknown";
        }
        return "FieldValueInvalid";
    }

    private static String status(Status status) {
        status.setApiVersion("v1");
        status.setKind("Status");
        status.setStatus("Failure");
        status.setMetadata(new ListMeta());
        return Serialization.asJson(status);
    }
}

package io.qsredis.testbed;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name rules of the Kubernetes API server (k8s.io/apimachinery's validation): a Service's name is a DNS-1035
 * label, a Namespace's and a StatefulSet's a DNS-1123 label (a StatefulSet's name becomes its pods' host names),
 * every other object's a DNS-1123 subdomain. The messages are the server's.
 */
final class ObjectNames {

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private ObjectNames() {}

    /** Why {@code name} cannot name an object of {@code kind}, in the server's words; empty when it can. */
    static Optional<String> problem(String kind, String name) {
        return switch (kind) {
            case "Service" -> check(name, DNS_1035_LABEL, 63, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                    + "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                    + "regex used for validation is '" + DNS_1035_LABEL + "')");
            case "Namespace", "StatefulSet" -> check(name, DNS_1123_LABEL, 63, "a lowercase RFC 1123 label must consist of lower case "
                    + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                    + "'123-abc', regex used for validation is '" + DNS_1123_LABEL + "')");
            default -> check(name, DNS_1123_SUBDOMAIN, 253, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
                    + "for validation is '" + DNS_1123_SUBDOMAIN + "')");
        };
    }

    private static Optional<String> check(String name, Pattern pattern, int maxLength, String rule) {
        if (name.length() > maxLength) {
            return Optional.of("must be no more than " + maxLength + " characters");
        }
        return pattern.matcher(name).matches() ? Optional.empty() : Optional.of(rule);
    }
}

package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.operator.Operator;
import io.qsredis.renderer.model.SecretKeyRef;

import java.util.Optional;

/** The password a spec asks for, read from its Secret. */
final class Passwords {
    private Passwords() {}

    /**
     * What the Secret holds for a password the spec names.
     *
     * @param value the password, when the Secret and key exist
     * @param missing why there is none, in words for a condition
     */
    record Desired(Optional<String> value, Optional<String> missing) {
        @Override
        public String toString() {
            return "Desired[" + (value.isPresent() ? "present" : missing.orElse("none")) + "]";
        }
    }

    /** Empty when the spec names no password; otherwise its value or why it is missing. */
    static Optional<Desired> desired(Operator.Context context, HasMetadata owner, Optional<SecretKeyRef> ref) {
        return ref.map(r -> {
            SecretValue value = SecretValue.read(context.watches().secrets(), owner.getMetadata().getNamespace(), r.name(), r.key());
            return value.isPresent()
                    ? new Desired(Optional.of(value.value()), Optional.empty())
                    : new Desired(Optional.empty(), Optional.of(value.problem()));
        });
    }
}

package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Optional;

/**
 * One object a custom resource may own, as it should be, or absent: an absent object must not exist, and the
 * operator deletes it if it does (a feature switched off).
 */
public record DesiredObject(Class<? extends HasMetadata> type, String name, Optional<HasMetadata> object) {

    public static DesiredObject present(HasMetadata object) {
        return new DesiredObject(object.getClass(), object.getMetadata().getName(), Optional.of(object));
    }

    /** {@code object} when it is not null, else an absence of that type and name. */
    public static DesiredObject of(Class<? extends HasMetadata> type, String name, HasMetadata object) {
        return object == null ? new DesiredObject(type, name, Optional.empty()) : present(object);
    }

    public boolean isPresent() {
        return object.isPresent();
    }
}

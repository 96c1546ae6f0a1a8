package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Optional;

/**
 * Every object a custom resource may own, in the order to apply them (ConfigMaps, Services, StatefulSets,
 * PodDisruptionBudgets), present or absent.
 */
public record DesiredObjects(List<DesiredObject> all) {

    public DesiredObjects {
        all = List.copyOf(all);
    }

    /** The objects that must exist, in apply order. */
    public List<HasMetadata> present() {
        return all.stream().flatMap(desired -> desired.object().stream()).toList();
    }

    /** The objects that must not exist. */
    public List<DesiredObject> absent() {
        return all.stream().filter(desired -> !desired.isPresent()).toList();
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all.stream()
                .filter(desired -> desired.type().equals(type) && desired.name().equals(name))
                .findFirst()
                .flatMap(DesiredObject::object)
                .map(type::cast);
    }
}

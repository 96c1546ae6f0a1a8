package io.qsredis.operator.kube;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The namespaces the operator watches, from {@code WATCH_NAMESPACE}: a comma-separated list; empty or unset means
 * every namespace.
 */
public record WatchNamespaces(Set<String> names) {
    public static final String ENV = "WATCH_NAMESPACE";

    public WatchNamespaces {
        names = Set.copyOf(new TreeSet<>(names));
    }

    public static WatchNamespaces parse(String value) {
        Set<String> names = new TreeSet<>();
        if (value != null) {
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        }
        return new WatchNamespaces(names);
    }

    public static WatchNamespaces all() {
        return new WatchNamespaces(Set.of());
    }

    public boolean isAll() {
        return names.isEmpty();
    }

    public boolean contains(String namespace) {
        return isAll() || names.contains(namespace);
    }

    @Override
    public String toString() {
        return isAll() ? "*" : String.join(",", new TreeSet<>(names));
    }
}

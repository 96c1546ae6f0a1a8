package io.qsredis.testbed;

import java.util.Locale;

/**
 * What applying a manifest did to one object, worded as {@code kubectl apply} prints it.
 *
 * @param kind the object's kind
 * @param namespace its namespace
 * @param name its name
 * @param action what happened
 */
public record ManifestChange(String kind, String namespace, String name, Action action) {

    public enum Action {
        CREATED,
        CONFIGURED,
        UNCHANGED,
        PRUNED
    }

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name + " " + action.name().toLowerCase(Locale.ROOT);
    }
}

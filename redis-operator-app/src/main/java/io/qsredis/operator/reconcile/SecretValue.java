package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.qsredis.operator.kube.InformerSet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A value read from a key of a Secret in the informer cache: found, or why not, in words a status condition can
 * carry. {@link #toString()} never shows the value.
 */
public final class SecretValue {
    private final String value;
    private final String problem;

    private SecretValue(String value, String problem) {
        this.value = value;
        this.problem = problem;
    }

    public static SecretValue read(InformerSet<Secret> secrets, String namespace, String name, String key) {
        Optional<Secret> secret = secrets.get(namespace, name);
        if (secret.isEmpty()) {
            return new SecretValue(null, "Secret " + namespace + "/" + name + " does not exist");
        }
        String encoded = secret.get().getData() == null ? null : secret.get().getData().get(key);
        if (encoded == null) {
            String plain = secret.get().getStringData() == null ? null : secret.get().getStringData().get(key);
            if (plain != null) {
                return new SecretValue(firstLine(plain), null);
            }
            return new SecretValue(null, "Secret " + namespace + "/" + name + " has no key \"" + key + "\"");
        }
        return new SecretValue(firstLine(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)), null);
    }

    /** The pods read the first line of the key (the init script's {@code IFS= read -r}); so does the operator. */
    private static String firstLine(String raw) {
        int newline = raw.indexOf('\n');
        return newline < 0 ? raw : raw.substring(0, newline);
    }

    public boolean isPresent() {
        return value != null && !value.isEmpty();
    }

    /** The secret itself; never log it. */
    public String value() {
        if (!isPresent()) {
            throw new IllegalStateException(problem());
        }
        return value;
    }

    /** Why there is no value. */
    public String problem() {
        return problem != null ? problem : "the Secret key is empty";
    }

    @Override
    public String toString() {
        return isPresent() ? "SecretValue[present]" : "SecretValue[" + problem() + "]";
    }
}

package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.qsredis.operator.Operator;
import io.qsredis.operator.tls.TlsMaterial;
import io.qsredis.renderer.model.TlsSettings;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS material a spec's {@code TLS} names, read from the informer cache as the pods see it: the Secret's keys as
 * the files of its volume (through the volume's {@code items} when it has them), checked at the operator's clock.
 */
final class TlsSecrets {
    private TlsSecrets() {}

    /** Empty when the spec asks for no TLS; otherwise the material or why the Secret cannot serve. */
    static Optional<TlsMaterial.Check> check(Operator.Context context, HasMetadata owner, Optional<TlsSettings> tls) {
        return tls.map(settings -> {
            String namespace = owner.getMetadata().getNamespace();
            String name = settings.secret().getSecretName();
            Optional<Secret> secret = context.watches().secrets().get(namespace, name);
            if (secret.isEmpty()) {
                return new TlsMaterial.Check(Optional.empty(), Optional.of("Secret " + namespace + "/" + name + " does not exist"));
            }
            TlsMaterial.Check check = TlsMaterial.check(files(secret.get(), settings.secret().getItems()), settings, context.clock().instant());
            return check.problem().isEmpty() ? check
                    : new TlsMaterial.Check(Optional.empty(), Optional.of("Secret " + namespace + "/" + name + ": " + check.problem().get()));
        });
    }

    private static Map<String, byte[]> files(Secret secret, List<KeyToPath> items) {
        Map<String, byte[]> keys = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> keys.put(key, Base64.getDecoder().decode(value)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((key, value) -> keys.putIfAbsent(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        if (items == null || items.isEmpty()) {
            return keys;
        }
        Map<String, byte[]> files = new HashMap<>();
        items.stream().filter(item -> keys.containsKey(item.getKey())).forEach(item -> files.put(item.getPath(), keys.get(item.getKey())));
        return files;
    }
}

package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.Applier;
import io.qsredis.operator.redis.PasswordHistory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps a resource's password history in a Secret it owns, {@code <name>-<kind>-<purpose>-passwords} (keys {@code 0},
 * {@code 1}... newest first), where Kubernetes keeps it across operator restarts and deletes it with the resource.
 */
public final class SecretPasswordStore implements PasswordHistory.Store {
    private final Operator.Context context;
    private final String purpose;

    /** @param purpose which password this history is of ({@code redis}, {@code sentinel}) */
    public SecretPasswordStore(Operator.Context context, String purpose) {
        this.context = context;
        this.purpose = purpose;
    }

    static String name(HasMetadata owner, String purpose) {
        return owner.getMetadata().getName() + "-" + owner.getKind().toLowerCase(Locale.ROOT) + "-" + purpose + "-passwords";
    }

    @Override
    public List<String> load(HasMetadata owner) {
        Secret secret = context.client().secrets().inNamespace(owner.getMetadata().getNamespace()).withName(name(owner, purpose)).get();
        List<String> passwords = new ArrayList<>();
        if (secret != null && secret.getData() != null) {
            for (int i = 0; secret.getData().containsKey(Integer.toString(i)); i++) {
                passwords.add(new String(Base64.getDecoder().decode(secret.getData().get(Integer.toString(i))), StandardCharsets.UTF_8));
            }
        }
        return passwords;
    }

    @Override
    public void save(HasMetadata owner, List<String> passwords) {
        Map<String, String> data = new LinkedHashMap<>();
        for (int i = 0; i < passwords.size(); i++) {
            data.put(Integer.toString(i), Base64.getEncoder().encodeToString(passwords.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                    .withName(name(owner, purpose))
                    .withNamespace(owner.getMetadata().getNamespace())
                    .withOwnerReferences(Applier.controllerReference(owner))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
        context.client().secrets().inNamespace(owner.getMetadata().getNamespace()).resource(secret).createOr(existing -> existing.update());
    }
}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.qsredis.renderer.PodLayout;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the user's ACL users come from: exactly one of a Secret (which the operator reads, checks and copies into the
 * Secret it owns, {@link #operatorSecretName}) or an existing PVC holding {@code user.acl} (read only by the pods).
 */
public record AclSettings(Optional<SecretVolumeSource> secret, Optional<String> persistentVolumeClaim) {

    /**
     * The Secret the operator owns for a resource with ACLs: its own user's password and ACL line, the default user's
     * password hash, and (Secret mode) the last user ACL file that passed its checks. Pods read only this one.
     */
    public static String operatorSecretName(String ownerName, String ownerKind) {
        return ownerName + "-" + ownerKind.toLowerCase(Locale.ROOT) + "-acl";
    }

    /** The key of the user's Secret that holds the file: the one its items map to {@code user.acl}, else {@code user.acl}. */
    public Optional<String> secretKey() {
        return secret.map(source -> source.getItems() == null ? PodLayout.ACL_FILE_NAME : source.getItems().stream()
                .filter(item -> PodLayout.ACL_FILE_NAME.equals(item.getPath()))
                .map(KeyToPath::getKey)
                .findFirst()
                .orElse(PodLayout.ACL_FILE_NAME));
    }
}

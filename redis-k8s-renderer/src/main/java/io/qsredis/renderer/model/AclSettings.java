package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.SecretVolumeSource;

import java.util.Optional;

/** Where Redis reads its ACL file {@code user.acl} from: exactly one of a Secret volume or an existing PVC. */
public record AclSettings(Optional<SecretVolumeSource> secret, Optional<String> persistentVolumeClaim) {}

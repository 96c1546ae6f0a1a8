package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.model.AclSettings;
import io.qsredis.renderer.model.SecretKeyRef;
import io.qsredis.renderer.model.TlsSettings;

import java.util.ArrayList;
import java.util.List;

/** The operator's volumes and their mounts; see {@link PodLayout} for what each holds. */
final class Volumes {
    /** Readable by the pod's group (fsGroup), which the non-root Redis user belongs to, and by no one else. */
    private static final int SECRET_MODE = 0440;

    private Volumes() {}

    static Volume config(String configMapName) {
        return new VolumeBuilder()
                .withName(PodLayout.CONFIG_VOLUME)
                .withNewConfigMap().withName(configMapName).endConfigMap()
                .build();
    }

    /** In memory: it holds the password in clear for Redis to read, and must never reach a disk. */
    static Volume runtime() {
        return new VolumeBuilder()
                .withName(PodLayout.RUNTIME_VOLUME)
                .withNewEmptyDir().withMedium("Memory").withSizeLimit(new Quantity("1Mi")).endEmptyDir()
                .build();
    }

    static Volume password(SecretKeyRef secret) {
        return new VolumeBuilder()
                .withName(PodLayout.PASSWORD_VOLUME)
                .withNewSecret()
                    .withSecretName(secret.name())
                    .addNewItem().withKey(secret.key()).withPath("password").endItem()
                    .withDefaultMode(SECRET_MODE)
                .endSecret()
                .build();
    }

    static Volume additionalConfig(String configMapName, String key) {
        return new VolumeBuilder()
                .withName(PodLayout.ADDITIONAL_CONFIG_VOLUME)
                .withNewConfigMap()
                    .withName(configMapName)
                    .addNewItem().withKey(key).withPath(key).endItem()
                .endConfigMap()
                .build();
    }

    static Volume tls(TlsSettings tls) {
        return new VolumeBuilder().withName(PodLayout.TLS_VOLUME).withSecret(tls.secret()).build();
    }

    /** The operator's ACL Secret, and the user's PVC in PVC mode. */
    static List<Volume> acl(AclSettings acl, String operatorSecret) {
        List<Volume> volumes = new ArrayList<>();
        VolumeBuilder operator = new VolumeBuilder()
                .withName(PodLayout.OPERATOR_ACL_VOLUME)
                .withNewSecret()
                    .withSecretName(operatorSecret)
                    .addNewItem().withKey(PodLayout.DEFAULT_USER_ACL_KEY).withPath(PodLayout.DEFAULT_USER_ACL_KEY).endItem()
                    .addNewItem().withKey(PodLayout.OPERATOR_USER_ACL_KEY).withPath(PodLayout.OPERATOR_USER_ACL_KEY).endItem()
                    .addNewItem().withKey(PodLayout.OPERATOR_PASSWORD_KEY).withPath(PodLayout.OPERATOR_PASSWORD_KEY).endItem()
                    .withDefaultMode(SECRET_MODE)
                .endSecret();
        if (acl.secret().isPresent()) {
            operator.editSecret().addNewItem().withKey(PodLayout.ACL_FILE_NAME).withPath(PodLayout.ACL_FILE_NAME).endItem().endSecret();
        }
        volumes.add(operator.build());
        acl.persistentVolumeClaim().ifPresent(claim -> volumes.add(new VolumeBuilder()
                .withName(PodLayout.ACL_VOLUME)
                .withNewPersistentVolumeClaim().withClaimName(claim).withReadOnly(true).endPersistentVolumeClaim()
                .build()));
        return volumes;
    }

    static Volume dataEmptyDir() {
        return new VolumeBuilder().withName(PodLayout.DATA_EMPTY_DIR_VOLUME).withNewEmptyDir().endEmptyDir().build();
    }

    static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly ? true : null).build();
    }
}

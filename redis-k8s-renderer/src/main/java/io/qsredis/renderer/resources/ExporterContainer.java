package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.model.ExporterSettings;
import io.qsredis.renderer.model.SecretKeyRef;
import io.qsredis.renderer.model.TlsSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The redis_exporter sidecar. Every exporter version reads the password from {@code REDIS_PASSWORD}, so it gets a
 * {@code secretKeyRef} there (never a literal value); only the exporter process sees it, Redis does not.
 */
final class ExporterContainer {
    private ExporterContainer() {}

    static Container desired(ExporterSettings exporter, int redisPort, Optional<SecretKeyRef> password, Optional<TlsSettings> tls) {
        List<EnvVar> env = new ArrayList<>();
        env.add(env("REDIS_ADDR", (tls.isPresent() ? "rediss" : "redis") + "://localhost:" + redisPort));
        env.add(env("REDIS_EXPORTER_WEB_LISTEN_ADDRESS", ":" + exporter.port()));
        password.ifPresent(secret -> env.add(new EnvVarBuilder()
                .withName("REDIS_PASSWORD")
                .withNewValueFrom().withNewSecretKeyRef().withName(secret.name()).withKey(secret.key()).endSecretKeyRef().endValueFrom()
                .build()));
        List<VolumeMount> mounts = new ArrayList<>();
        tls.ifPresent(settings -> {
            env.add(env("REDIS_EXPORTER_TLS_CA_CERT_FILE", PodLayout.TLS_DIR + "/" + settings.caFile()));
            env.add(env("REDIS_EXPORTER_TLS_CLIENT_CERT_FILE", PodLayout.TLS_DIR + "/" + settings.certFile()));
            env.add(env("REDIS_EXPORTER_TLS_CLIENT_KEY_FILE", PodLayout.TLS_DIR + "/" + settings.keyFile()));
            mounts.add(Volumes.mount(PodLayout.TLS_VOLUME, PodLayout.TLS_DIR, true));
        });
        env.addAll(exporter.env());
        return new ContainerBuilder()
                .withName(PodLayout.EXPORTER_CONTAINER)
                .withImage(exporter.image())
                .withImagePullPolicy(exporter.imagePullPolicy().orElse(null))
                .withEnv(env)
                .addNewPort().withName(Ports.REDIS_EXPORTER).withContainerPort(exporter.port()).withProtocol("TCP").endPort()
                .withResources(exporter.resources().orElse(null))
                .withSecurityContext(exporter.securityContext().orElseGet(PodDefaults::containerSecurityContext))
                .withVolumeMounts(mounts)
                .build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}

package io.qsredis.renderer.model;

import io.fabric8.kubernetes.api.model.SecretVolumeSource;

/**
 * TLS for clients, replication and the cluster bus.
 *
 * @param secret the Secret volume holding the files, mounted as the user wrote it
 * @param caFile file name of the CA certificate in that volume (default {@code ca.crt})
 * @param certFile file name of the certificate (default {@code tls.crt})
 * @param keyFile file name of the private key (default {@code tls.key})
 */
public record TlsSettings(SecretVolumeSource secret, String caFile, String certFile, String keyFile) {}

package io.qsredis.operator.tls;

import com.google.common.hash.Hashing;
import io.qsredis.renderer.model.TlsSettings;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS material of one resource, read from its Secret (cert-manager's layout: {@code ca.crt}, {@code tls.crt},
 * {@code tls.key}, or the key names of {@code spec.TLS}): the CA bundle the operator trusts, and the certificate chain
 * and key it presents when Redis asks for a client certificate ({@code tls-auth-clients}). {@link #check} validates it
 * against a clock, so that a broken Secret becomes a condition naming the key and the problem, not a failed handshake.
 *
 * <p>The operator verifies every server's chain against the CA bundle and nothing else (no trust-all), but not the
 * server's name: the operator reaches pods by IP, and the certificates cert-manager issues for Redis name DNS names
 * (a Service, a wildcard of the headless Service) at best. Redis itself checks no names between replicas, Sentinels
 * and cluster nodes either; a certificate the resource's CA signed is the identity.
 */
public final class TlsMaterial {
    private final List<X509Certificate> authorities;
    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private TlsMaterial(List<X509Certificate> authorities, List<X509Certificate> chain, PrivateKey key) {
        this.authorities = List.copyOf(authorities);
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    /**
     * The material, or why the Secret's files cannot serve.
     *
     * @param material the usable material, when {@code problem} is empty
     * @param problem what is wrong, naming the key: missing, not PEM, expired, not yet valid, not matching
     */
    public record Check(Optional<TlsMaterial> material, Optional<String> problem) {
        static Check invalid(String problem) {
            return new Check(Optional.empty(), Optional.of(problem));
        }
    }

    /**
     * Validates the Secret's files (key name to content) at {@code now}: every key present, PEM of the right kind, each
     * certificate valid now, the certificate signed by the CA bundle (directly or through the chain in its key), and
     * the private key the certificate's.
     */
    public static Check check(Map<String, byte[]> files, TlsSettings names, Instant now) {
        for (String name : List.of(names.caFile(), names.certFile(), names.keyFile())) {
            if (files.get(name) == null || files.get(name).length == 0) {
                return Check.invalid("key \"" + name + "\" is missing");
            }
        }
        List<X509Certificate> authorities;
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            authorities = certificates(files.get(names.caFile()), names.caFile());
            chain = certificates(files.get(names.certFile()), names.certFile());
            key = key(files.get(names.keyFile()), names.keyFile());
        } catch (IllegalArgumentException e) {
            return Check.invalid(e.getMessage());
        }
        Optional<String> expired = validity(authorities, names.caFile(), now).or(() -> validity(chain, names.certFile(), now));
        if (expired.isPresent()) {
            return Check.invalid(expired.get());
        }
        if (!matches(key, chain.get(0))) {
            return Check.invalid("key \"" + names.keyFile() + "\" does not belong to the certificate of \"" + names.certFile() + "\"");
        }
        if (chain.stream().noneMatch(certificate -> authorities.stream().anyMatch(ca -> signs(ca, certificate)))) {
            return Check.invalid("the certificate of \"" + names.certFile() + "\" is not signed by a certificate of \"" + names.caFile() + "\"");
        }
        return new Check(Optional.of(new TlsMaterial(authorities, chain, key)), Optional.empty());
    }

    /** A socket factory that trusts exactly the CA bundle and presents the certificate chain when asked for one. */
    public SSLSocketFactory socketFactory() {
        return sslContext().getSocketFactory();
    }

    /** The context behind {@link #socketFactory()}; tests serve with it too. */
    SSLContext sslContext() {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the JDK refused validated TLS material: " + e.getMessage(), e);
        }
    }

    /**
     * The parameters of the operator's TLS connections: the chain is verified (by the socket factory), the server's
     * name is not (see the class comment). Jedis verifies the name unless it is given parameters.
     */
    public static SSLParameters chainOnly() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        return parameters;
    }

    /** The SHA-256 fingerprint of the certificate (hex), to compare with the one a server presents. */
    public String fingerprint() {
        return fingerprint(chain.get(0));
    }

    /** The SHA-256 fingerprint (hex) of {@code certificate}. */
    public static String fingerprint(Certificate certificate) {
        try {
            return Hashing.sha256().hashBytes(certificate.getEncoded()).toString();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<X509Certificate> certificates(byte[] file, String name) {
        List<Pem.Block> blocks = blocks(file, name);
        List<X509Certificate> certificates = new ArrayList<>();
        for (Pem.Block block : blocks) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("key \"" + name + "\" holds a CERTIFICATE block that is no X.509 certificate");
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("key \"" + name + "\" holds no PEM CERTIFICATE block");
        }
        return certificates;
    }

    private static PrivateKey key(byte[] file, String name) {
        List<Pem.Block> blocks = blocks(file, name).stream().filter(block -> block.label().endsWith("PRIVATE KEY")).toList();
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("key \"" + name + "\" holds no PEM private key block");
        }
        try {
            return PrivateKeys.read(blocks.get(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key \"" + name + "\": " + e.getMessage());
        }
    }

    private static List<Pem.Block> blocks(byte[] file, String name) {
        try {
            List<Pem.Block> blocks = Pem.blocks(file);
            if (blocks.isEmpty()) {
                throw new IllegalArgumentException("key \"" + name + "\" is not PEM");
            }
            return blocks;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("key ") ? e.getMessage() : "key \"" + name + "\": " + e.getMessage());
        }
    }

    private static Optional<String> validity(List<X509Certificate> certificates, String name, Instant now) {
        for (X509Certificate certificate : certificates) {
            try {
                certificate.checkValidity(Date.from(now));
            } catch (CertificateExpiredException e) {
                return Optional.of("the certificate \"" + certificate.getSubjectX500Principal().getName() + "\" of \"" + name
                        + "\" expired at " + certificate.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                return Optional.of("the certificate \"" + certificate.getSubjectX500Principal().getName() + "\" of \"" + name
                        + "\" is not valid before " + certificate.getNotBefore().toInstant());
            }
        }
        return Optional.empty();
    }

    /** Whether {@code key} is the private half of the certificate's key: it signs what the certificate's key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] challenge = "qs-redis-operator key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean signs(X509Certificate authority, X509Certificate certificate) {
        if (!authority.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(authority.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + chain.get(0).getSubjectX500Principal().getName() + ", " + authorities.size() + " CA certificate(s)]";
    }
}

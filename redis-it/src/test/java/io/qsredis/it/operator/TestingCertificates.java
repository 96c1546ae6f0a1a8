package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.qsredis.operator.tls.TlsMaterial;
import io.qsredis.renderer.model.TlsSettings;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CA and the certificates it signs, made with the host's openssl in a directory of the test's, written as
 * cert-manager writes a Certificate's Secret ({@code ca.crt}, {@code tls.crt}, {@code tls.key}).
 */
public final class TestingCertificates {
    private final Path directory;

    /** Makes the CA {@code ca} in {@code directory}. */
    public TestingCertificates(Path directory) {
        this.directory = directory;
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=testing-ca", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    /** The CA's certificate file, for clients that trust it. */
    Path authority() {
        return directory.resolve("ca.crt");
    }

    /** Issues the certificate {@code name} (server and client use, SEC1 EC key); its three files by Secret key. */
    public Map<String, String> issue(String name) {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", name + ".key");
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        write(name + ".ext", "extendedKeyUsage=serverAuth,clientAuth\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1",
                "-extfile", name + ".ext", "-out", name + ".crt");
        return Map.of("ca.crt", read("ca.crt"), "tls.crt", read(name + ".crt"), "tls.key", read(name + ".key"));
    }

    /** The Secret {@code secretName} holding {@code files}. */
    static String secret(String secretName, Map<String, String> files) {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + secretName + "\ntype: kubernetes.io/tls\nstringData:\n");
        files.forEach((key, pem) -> {
            yaml.append("  ").append(key).append(": |\n");
            pem.lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
        });
        return yaml.toString();
    }

    /** A socket factory trusting the CA and presenting {@code files}' certificate, as the operator's own. */
    static SSLSocketFactory socketFactory(Map<String, String> files) {
        return material(files).socketFactory();
    }

    /** The SHA-256 fingerprint of {@code files}' certificate, as {@link TlsMaterial#fingerprint()} gives it. */
    static String fingerprint(Map<String, String> files) {
        return material(files).fingerprint();
    }

    private static TlsMaterial material(Map<String, String> files) {
        Map<String, byte[]> bytes = new HashMap<>();
        files.forEach((key, pem) -> bytes.put(key, pem.getBytes(StandardCharsets.US_ASCII)));
        return TlsMaterial.check(bytes, new TlsSettings(new SecretVolumeSource(), "ca.crt", "tls.crt", "tls.key"), Instant.now())
                .material().orElseThrow();
    }

    private String read(String file) {
        try {
            return Files.readString(directory.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String file, String content) {
        try {
            Files.writeString(directory.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

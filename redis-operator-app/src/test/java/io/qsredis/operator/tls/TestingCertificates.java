package io.qsredis.operator.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Certificates made with the host's openssl for a test: a CA and certificates it signs, in a directory of the test's. */
final class TestingCertificates {
    /** How the private key is written. */
    enum KeyFormat {
        PKCS8_RSA, PKCS1_RSA, SEC1_EC
    }

    private final Path directory;

    TestingCertificates(Path directory) {
        this.directory = directory;
    }

    /** A CA named {@code name}, valid for a day from now. */
    Path authority(String name) {
        Path key = directory.resolve(name + ".key");
        Path certificate = directory.resolve(name + ".crt");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", certificate.toString(),
                "-days", "1", "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return certificate;
    }

    /** A certificate for {@code name} signed by {@code authority}, valid for a day, with its key written as {@code format}. */
    Map<String, byte[]> signed(Path authority, String name, KeyFormat format) {
        Path key = directory.resolve(name + ".key");
        switch (format) {
            case PKCS8_RSA -> openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
            case PKCS1_RSA -> {
                Path pkcs8 = directory.resolve(name + ".pkcs8");
                openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pkcs8.toString());
                openssl("rsa", "-in", pkcs8.toString(), "-traditional", "-out", key.toString());
            }
            case SEC1_EC -> openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
        }
        Path request = directory.resolve(name + ".csr");
        Path certificate = directory.resolve(name + ".crt");
        Path extensions = directory.resolve(name + ".ext");
        try {
            Files.writeString(extensions, "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", request.toString());
        String authorityName = authority.getFileName().toString().replace(".crt", "");
        openssl("x509", "-req", "-in", request.toString(), "-CA", authority.toString(),
                "-CAkey", directory.resolve(authorityName + ".key").toString(), "-CAcreateserial", "-days", "1",
                "-extfile", extensions.toString(), "-out", certificate.toString());
        return Map.of("ca.crt", read(authority), "tls.crt", read(certificate), "tls.key", read(key));
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
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

package io.qsredis.operator.tls;

import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.qsredis.operator.tls.TestingCertificates.KeyFormat;
import io.qsredis.renderer.model.TlsSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsMaterialTest {
    private static final TlsSettings NAMES = new TlsSettings(new SecretVolumeSource(), "ca.crt", "tls.crt", "tls.key");

    @TempDir
    static Path directory;
    private static TestingCertificates certificates;
    private static Path authority;
    private static Path otherAuthority;

    @BeforeAll
    static void authorities() {
        certificates = new TestingCertificates(directory);
        authority = certificates.authority("ca");
        otherAuthority = certificates.authority("other-ca");
    }

    private static TlsMaterial.Check check(Map<String, byte[]> files) {
        return TlsMaterial.check(files, NAMES, Instant.now());
    }

    @Test
    void acceptsAPkcs8RsaKey() {
        assertThat(check(certificates.signed(authority, "pkcs8", KeyFormat.PKCS8_RSA)).problem()).isEmpty();
    }

    @Test
    void acceptsAPkcs1RsaKey() {
        Map<String, byte[]> files = certificates.signed(authority, "pkcs1", KeyFormat.PKCS1_RSA);
        assertThat(new String(files.get("tls.key"), StandardCharsets.US_ASCII)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(check(files).problem()).isEmpty();
    }

    @Test
    void acceptsASec1EcKey() {
        Map<String, byte[]> files = certificates.signed(authority, "sec1", KeyFormat.SEC1_EC);
        assertThat(new String(files.get("tls.key"), StandardCharsets.US_ASCII)).contains("BEGIN EC PRIVATE KEY");
        assertThat(check(files).problem()).isEmpty();
    }

    @Test
    void namesTheMissingKey() {
        Map<String, byte[]> files = new HashMap<>(certificates.signed(authority, "no-ca", KeyFormat.PKCS8_RSA));
        files.remove("ca.crt");
        assertThat(check(files).problem()).hasValue("key \"ca.crt\" is missing");
    }

    @Test
    void namesTheKeyThatIsNotPem() {
        Map<String, byte[]> files = new HashMap<>(certificates.signed(authority, "not-pem", KeyFormat.PKCS8_RSA));
        files.put("tls.crt", "just text".getBytes(StandardCharsets.US_ASCII));
        assertThat(check(files).problem()).hasValue("key \"tls.crt\" is not PEM");
    }

    @Test
    void reportsAnExpiredCertificate() {
        Map<String, byte[]> files = certificates.signed(authority, "expired", KeyFormat.PKCS8_RSA);
        assertThat(TlsMaterial.check(files, NAMES, Instant.now().plus(Duration.ofDays(3))).problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("\"ca.crt\"").contains("expired at"));
    }

    @Test
    void reportsACertificateNotValidYet() {
        Map<String, byte[]> files = certificates.signed(authority, "early", KeyFormat.PKCS8_RSA);
        assertThat(TlsMaterial.check(files, NAMES, Instant.now().minus(Duration.ofDays(2))).problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("is not valid before"));
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() {
        Map<String, byte[]> files = new HashMap<>(certificates.signed(authority, "mine", KeyFormat.PKCS8_RSA));
        files.put("tls.key", certificates.signed(authority, "theirs", KeyFormat.PKCS8_RSA).get("tls.key"));
        assertThat(check(files).problem()).hasValue("key \"tls.key\" does not belong to the certificate of \"tls.crt\"");
    }

    @Test
    void refusesACertificateTheCaDidNotSign() {
        Map<String, byte[]> files = new HashMap<>(certificates.signed(otherAuthority, "foreign", KeyFormat.PKCS8_RSA));
        files.put("ca.crt", TestingCertificates.read(authority));
        assertThat(check(files).problem()).hasValue("the certificate of \"tls.crt\" is not signed by a certificate of \"ca.crt\"");
    }

    @Test
    void connectsToAServerTheCaSigned() throws Exception {
        TlsMaterial server = check(certificates.signed(authority, "server", KeyFormat.SEC1_EC)).material().orElseThrow();
        TlsMaterial client = check(certificates.signed(authority, "client", KeyFormat.PKCS1_RSA)).material().orElseThrow();
        assertThat(handshake(server, client)).isEqualTo(server.fingerprint());
    }

    @Test
    void refusesAServerAnotherCaSigned() throws Exception {
        TlsMaterial server = check(certificates.signed(otherAuthority, "impostor", KeyFormat.PKCS8_RSA)).material().orElseThrow();
        TlsMaterial client = check(certificates.signed(authority, "careful", KeyFormat.PKCS8_RSA)).material().orElseThrow();
        assertThatThrownBy(() -> handshake(server, client)).isInstanceOf(SSLHandshakeException.class);
    }

    /** Serves one handshake with {@code server}'s certificate, requiring a client certificate; the fingerprint the client saw. */
    private static String handshake(TlsMaterial server, TlsMaterial client) throws IOException {
        try (SSLServerSocket listening = (SSLServerSocket) server.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listening.setNeedClientAuth(true);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listening.accept()) {
                    accepted.startHandshake();
                } catch (IOException e) {
                    // The client's side of the test reports the failure.
                }
            });
            try (SSLSocket socket = (SSLSocket) client.socketFactory().createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                socket.startHandshake();
                return TlsMaterial.fingerprint(socket.getSession().getPeerCertificates()[0]);
            } finally {
                served.join();
            }
        }
    }
}

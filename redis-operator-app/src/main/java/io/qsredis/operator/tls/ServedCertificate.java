package io.qsredis.operator.tls;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/** The certificate a process presents in its TLS handshake, observed with the operator's own socket factory. */
public final class ServedCertificate {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    private ServedCertificate() {}

    /**
     * The SHA-256 fingerprint of the certificate {@code host:port} presents, or empty when it does not answer or its
     * certificate is not one the CA bundle trusts (a process on an old CA: the bundle must hold both while one replaces
     * the other).
     */
    public static Optional<String> fingerprint(String host, int port, SSLSocketFactory factory) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            plain.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            try (SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true)) {
                socket.startHandshake();
                return Optional.of(TlsMaterial.fingerprint(socket.getSession().getPeerCertificates()[0]));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

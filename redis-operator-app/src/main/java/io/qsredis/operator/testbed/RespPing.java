package io.qsredis.operator.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The testbed's readiness probe: a Redis or Sentinel process is ready when it answers {@code PING} at the pod
 * address, with {@code PONG} or, if it wants a password, {@code NOAUTH}. A server still loading its data set
 * answers {@code LOADING} and is not ready.
 */
final class RespPing {

    private static final int TIMEOUT_MILLIS = 500;

    private RespPing() {}

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = firstLine(socket.getInputStream());
            return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r' && c != '\n' && line.length() < 256; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }
}

package io.qsredis.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.qsredis.testbed.ProtobufBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain-HTTP proxy in front of the testbed's API server for what Helm needs and the API server does not do yet:
 * it turns protobuf request bodies (Helm's release Secrets, its DeleteOptions) into JSON with {@link ProtobufBody}
 * (the API server never answers such a request), labels a JSON answer without a content type as JSON (a client that
 * asked for protobuf reads it as protobuf otherwise), and gives a create's 409 "already exists" the reason
 * {@code AlreadyExists} (the mock says {@code Invalid}; Helm skips an existing CRD only on AlreadyExists).
 * Everything else passes as is, buffered (no watch streams through it: Helm without --wait needs none). Helm reaches
 * the testbed through {@link #writeKubeconfig(Path)}; kubectl and other clients use the testbed's own kubeconfig.
 * This bridge goes once the testbed's API server does these three things itself.
 */
public final class HelmApiProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding", "upgrade", "expect", "keep-alive");

    private final String target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final HttpServer server;

    /** Starts a proxy on 127.0.0.1 (a free port) to the API server at {@code apiUrl}; {@link #close()} stops it. */
    public HelmApiProxy(String apiUrl) {
        target = apiUrl.replaceAll("/+$", "");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(workers);
        server.createContext("/", this::forward);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A kubeconfig whose current context reaches the testbed through this proxy. */
    public Path writeKubeconfig(Path file) {
        try {
            return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: sandbox
                  cluster:
                    server: %s
                users:
                - name: sandbox
                  user: {}
                contexts:
                - name: sandbox
                  context:
                    cluster: sandbox
                    user: sandbox
                    namespace: default
                current-context: sandbox
                """.formatted(url()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (ProtobufBody.isProtobuf(contentType) && body.length > 0) {
                try {
                    body = ProtobufBody.toJson(body).toString().getBytes(StandardCharsets.UTF_8);
                    contentType = "application/json";
                } catch (IllegalArgumentException unreadable) {
                    byte[] status = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":415,\"reason\":\"UnsupportedMediaType\","
                            + "\"message\":\"" + unreadable.getMessage().replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(415, status.length);
                    exchange.getResponseBody().write(status);
                    return;
                }
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            byte[] answer = response.body();
            if (answer.length > 0 && answer[0] == '{' && !exchange.getResponseHeaders().containsKey("Content-Type")) {
                // A client that asked for protobuf reads a body without a content type as protobuf.
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            if (response.statusCode() == 409 && "POST".equals(exchange.getRequestMethod())) {
                String status = new String(answer, StandardCharsets.UTF_8);
                if (status.contains("already exists") && !status.contains("\"AlreadyExists\"")) {
                    answer = status.replace("\"reason\":\"Invalid\"", "\"reason\":\"AlreadyExists\"").getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}

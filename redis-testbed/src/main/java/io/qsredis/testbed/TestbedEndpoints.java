package io.qsredis.testbed;

import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where clients on this machine reach the testbed: each Service ({@code namespace/name}) with the
 * {@code ip:port} of its serving pods, and each pod with an address. This is the sandbox's
 * {@code --endpoints-file}.
 *
 * @param services {@code "NAMESPACE/SERVICE" -> ["127.0.0.N:PORT", ...]}, sorted
 * @param pods {@code "NAMESPACE/POD" -> "127.0.0.N"}, sorted
 */
public record TestbedEndpoints(Map<String, List<String>> services, Map<String, String> pods) {

    public TestbedEndpoints {
        services = new TreeMap<>(services);
        pods = new TreeMap<>(pods);
    }

    /** {@code {"services": {...}, "pods": {...}}}. */
    public String toJson() {
        Map<String, Object> document = new TreeMap<>();
        document.put("services", services);
        document.put("pods", pods);
        return Serialization.asJson(document);
    }

    /** Writes {@link #toJson()} to {@code file} atomically, so that a reader never sees half of it. */
    public void writeTo(Path file) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temporary, toJson() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

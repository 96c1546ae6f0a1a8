package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.renderer.yaml.Manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The custom resources under {@code src/test/resources/cr}. */
public final class TestingResources {
    /** Every example resource: a minimal and a full one (every field set) per kind. */
    public static final List<String> ALL = List.of(
            "redis-minimal", "redis-full",
            "replication-minimal", "replication-full",
            "sentinel-minimal", "sentinel-full",
            "cluster-minimal", "cluster-full", "cluster-nodeport");

    private TestingResources() {}

    public static String text(String path) {
        try (InputStream in = TestingResources.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one custom resource of {@code cr/<name>.yaml}. */
    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> T cr(String name) {
        List<HasMetadata> resources = Manifests.read(text("cr/" + name + ".yaml")).resources();
        if (resources.size() != 1) {
            throw new IllegalArgumentException("cr/" + name + ".yaml holds " + resources.size() + " resources");
        }
        return (T) resources.get(0);
    }

    public static DesiredObjects render(String name) {
        return CustomResourceRenderer.render(cr(name), RenderOptions.defaults());
    }
}

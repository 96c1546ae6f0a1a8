package io.qsredis.renderer;

import io.qsredis.renderer.yaml.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind, minimal and full, renders exactly as reviewed in {@code src/test/resources/golden}. */
class GoldenRenderingTest {
    static final List<String> RESOURCES = TestingResources.ALL;

    @ParameterizedTest
    @FieldSource("RESOURCES")
    void rendersAsReviewed(String resource) {
        GoldenFiles.assertMatches(resource + ".yaml", golden(TestingResources.render(resource)));
    }

    @Test
    void diffShowsTheChangedLinesWithContext() {
        String diff = GoldenFiles.diff(List.of("a", "b", "c", "d"), List.of("a", "B", "c", "d", "e"));

        assertThat(diff).isEqualTo("""
                  1: a
                - 2: b
                + 2: B
                  3: c
                  4: d
                + 5: e
                """);
    }

    /** The absent objects as comments, then every present object. */
    static String golden(DesiredObjects objects) {
        StringBuilder text = new StringBuilder();
        objects.absent().forEach(absent -> text.append("# absent: ").append(absent.type().getSimpleName()).append(' ').append(absent.name()).append('\n'));
        return text.append(Manifests.write(objects.present())).toString();
    }
}

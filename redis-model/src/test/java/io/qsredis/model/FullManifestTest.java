package io.qsredis.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.model.schema.CrdSchemaValidator;
import io.qsredis.model.validation.SpecValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A manifest that sets every field of the upstream API is understood by our model, our CRD and our validator. */
class FullManifestTest {

    static final java.util.List<String> FULL = Manifests.FULL;

    @ParameterizedTest
    @FieldSource("FULL")
    void noFieldIsLostWhenTheManifestIsParsedAndWrittenBack(String file) {
        String yaml = Manifests.manifest(file);

        HasMetadata parsed = Manifests.parse(yaml);

        assertThat(Manifests.lostFields(Manifests.tree(yaml), Manifests.written(parsed))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("FULL")
    void theGeneratedCrdSchemaAcceptsTheFullManifest(String file) {
        assertThat(CrdSchemaValidator.validateYaml(Manifests.manifest(file))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("FULL")
    void theValidatorFindsNoErrorInTheFullManifest(String file) {
        assertThat(SpecValidator.validate(Manifests.parse(Manifests.manifest(file))).errors()).isEmpty();
    }
}

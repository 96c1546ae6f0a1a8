package io.qsredis.renderer.impact;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.qsredis.renderer.PodLayout;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class PodRevisionTest {
    private static final String CONF = "port 6379\nappendonly yes\n";

    @Test
    void aPodOfTheDesiredTemplateNeedsNoRestart() {
        PodSpec spec = spec("redis:7.0.15", "password-a");
        assertThat(PodRevision.restartReasons(annotations(spec, CONF), template(spec, CONF))).isEmpty();
    }

    @Test
    void anImageChangeIsTheOnlyReasonWhenOnlyTheImageChanged() {
        PodSpec running = spec("redis:7.0.15", "password-a");
        PodSpec desired = spec("redis:7.2.4", "password-a");
        assertThat(PodRevision.restartReasons(annotations(running, CONF), template(desired, CONF))).containsExactly(RestartReason.IMAGE_CHANGED);
    }

    @Test
    void severalChangesGiveEveryReason() {
        PodSpec running = spec("redis:7.0.15", "password-a");
        PodSpec desired = edit(running, container -> container
                .withNewResources().addToLimits("memory", new Quantity("1Gi")).endResources()
                .addNewEnv().withName("TZ").withValue("UTC").endEnv());
        assertThat(PodRevision.restartReasons(annotations(running, CONF), template(desired, "port 6379\n")))
                .containsExactly(RestartReason.CONFIG_CHANGED, RestartReason.RESOURCES_CHANGED, RestartReason.ENV_CHANGED);
    }

    @Test
    void aProbeChangeIsAProbeReason() {
        PodSpec running = spec("redis:7.0.15", "password-a");
        PodSpec desired = edit(running, container -> container.withNewReadinessProbe().withPeriodSeconds(3).endReadinessProbe());
        assertThat(PodRevision.restartReasons(annotations(running, CONF), template(desired, CONF))).containsExactly(RestartReason.PROBES_CHANGED);
    }

    @Test
    void anAddedSidecarIsAContainersReason() {
        PodSpec running = spec("redis:7.0.15", "password-a");
        PodSpec desired = new PodSpecBuilder(running).addNewContainer().withName("sidecar").withImage("busybox").endContainer().build();
        assertThat(PodRevision.restartReasons(annotations(running, CONF), template(desired, CONF)))
                .contains(RestartReason.CONTAINERS_CHANGED);
    }

    @Test
    void anotherPasswordSecretNeedsNoRestartBecauseThePasswordIsSetLive() {
        PodSpec running = spec("redis:7.0.15", "password-a");
        PodSpec desired = spec("redis:7.0.15", "password-b");
        assertThat(PodRevision.restartReasons(annotations(running, CONF), template(desired, CONF))).isEmpty();
    }

    @Test
    void placementChangesAreAPodSpecReason() {
        PodSpec running = spec("redis:7.0.15", "password-a");
        PodSpec desired = new PodSpecBuilder(running).withNodeSelector(Map.of("disk", "ssd")).build();
        assertThat(PodRevision.restartReasons(annotations(running, CONF), template(desired, CONF))).containsExactly(RestartReason.POD_SPEC_CHANGED);
    }

    @Test
    void aPodNotCreatedFromOurTemplateRestartsForAnUnknownTemplate() {
        PodSpec desired = spec("redis:7.0.15", "password-a");
        assertThat(PodRevision.restartReasons(Map.of("other", "annotation"), template(desired, CONF))).containsExactly(RestartReason.UNKNOWN_TEMPLATE);
        assertThat(PodRevision.restartReasons(null, template(desired, CONF))).containsExactly(RestartReason.UNKNOWN_TEMPLATE);
    }

    @Test
    void theDescriptionNamesEveryReason() {
        assertThat(PodRevision.describe(java.util.EnumSet.of(RestartReason.IMAGE_CHANGED, RestartReason.CONFIG_CHANGED)))
                .isEqualTo(RestartReason.CONFIG_CHANGED.message() + "; " + RestartReason.IMAGE_CHANGED.message());
    }

    private static PodSpec spec(String image, String passwordSecret) {
        return new PodSpecBuilder()
                .addNewContainer().withName(PodLayout.REDIS_CONTAINER).withImage(image).withCommand("redis-server").endContainer()
                .addNewVolume()
                    .withName(PodLayout.PASSWORD_VOLUME)
                    .withNewSecret().withSecretName(passwordSecret).addNewItem().withKey("password").withPath("password").endItem().endSecret()
                .endVolume()
                .build();
    }

    private static PodSpec edit(PodSpec spec, UnaryOperator<ContainerBuilder> change) {
        return new PodSpecBuilder(spec).withContainers(change.apply(new ContainerBuilder(spec.getContainers().get(0))).build()).build();
    }

    private static Map<String, String> annotations(PodSpec spec, String conf) {
        return Map.of(PodLayout.RESTART_FINGERPRINT_ANNOTATION, PodRevision.fingerprint(spec, conf), "kept", "by the pod");
    }

    private static PodTemplateSpec template(PodSpec spec, String conf) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withAnnotations(Map.of(PodLayout.RESTART_FINGERPRINT_ANNOTATION, PodRevision.fingerprint(spec, conf))).endMetadata()
                .withSpec(spec)
                .build();
    }
}

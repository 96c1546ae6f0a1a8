package io.qsredis.renderer.impact;

import com.google.common.hash.Hashing;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.renderer.PodLayout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which revision of the rendered pod template a pod runs, and why a pod must restart to run the desired one.
 *
 * <p>The renderer stamps every pod template with {@link PodLayout#RESTART_FINGERPRINT_ANNOTATION}: one short hash per
 * aspect of the template ({@code config=... image=... resources=...}), and the StatefulSet copies it onto each pod it
 * creates. A pod's restart reasons are the aspects whose hash differs from the desired template's; annotations are
 * never defaulted by an API server, so a real one and the testbed give the same answer. What the operator applies to
 * running pods itself is left out: pod labels and annotations, and which Secret holds the password (the password is
 * set with {@code CONFIG SET}). A pod without the annotation was not created from a template of ours: it restarts,
 * for {@link RestartReason#UNKNOWN_TEMPLATE}. Pure.
 */
public final class PodRevision {
    private static final int HASH_LENGTH = 12;

    /** The aspects in annotation order, each with its reason and the part of the template it hashes. */
    private enum Aspect {
        CONFIG(RestartReason.CONFIG_CHANGED, null),
        IMAGE(RestartReason.IMAGE_CHANGED, container -> container.getImage()),
        RESOURCES(RestartReason.RESOURCES_CHANGED, Container::getResources),
        ENV(RestartReason.ENV_CHANGED, container -> List.of(list(container.getEnv()), list(container.getEnvFrom()))),
        PROBES(RestartReason.PROBES_CHANGED, container -> list(
                container.getReadinessProbe(), container.getLivenessProbe(), container.getStartupProbe())),
        CONTAINERS(RestartReason.CONTAINERS_CHANGED, PodRevision::withoutOtherAspects),
        POD(RestartReason.POD_SPEC_CHANGED, null);

        final RestartReason reason;
        /** The part of one container this aspect hashes; {@code null} for the aspects that are not per container. */
        final Function<Container, Object> part;

        Aspect(RestartReason reason, Function<Container, Object> part) {
            this.reason = reason;
            this.part = part;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private PodRevision() {}

    /**
     * The annotation value for a pod template.
     *
     * @param restartOnlyConfiguration the configuration text that Redis or Sentinel reads only at start
     */
    public static String fingerprint(PodSpec spec, String restartOnlyConfiguration) {
        Map<Aspect, String> hashes = new LinkedHashMap<>();
        for (Aspect aspect : Aspect.values()) {
            hashes.put(aspect, hash(aspect, spec, restartOnlyConfiguration));
        }
        return hashes.entrySet().stream().map(e -> e.getKey().key() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /**
     * Why a pod whose annotations are {@code podAnnotations} must restart to run {@code desired}; empty when it runs the
     * desired revision already.
     */
    public static Set<RestartReason> restartReasons(Map<String, String> podAnnotations, PodTemplateSpec desired) {
        Optional<Map<String, String>> running = parse(podAnnotations);
        Map<String, String> wanted = parse(desired.getMetadata().getAnnotations())
                .orElseThrow(() -> new IllegalArgumentException("the desired pod template carries no " + PodLayout.RESTART_FINGERPRINT_ANNOTATION));
        if (running.isEmpty()) {
            return EnumSet.of(RestartReason.UNKNOWN_TEMPLATE);
        }
        Set<RestartReason> reasons = EnumSet.noneOf(RestartReason.class);
        for (Aspect aspect : Aspect.values()) {
            if (!wanted.get(aspect.key()).equals(running.get().get(aspect.key()))) {
                reasons.add(aspect.reason);
            }
        }
        return reasons;
    }

    /** The reasons as one sentence, in the enum's order. */
    public static String describe(Set<RestartReason> reasons) {
        return reasons.stream().sorted().map(RestartReason::message).collect(Collectors.joining("; "));
    }

    private static Optional<Map<String, String>> parse(Map<String, String> annotations) {
        String value = annotations == null ? null : annotations.get(PodLayout.RESTART_FINGERPRINT_ANNOTATION);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String entry : value.trim().split(" +")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                hashes.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return Optional.of(hashes);
    }

    private static String hash(Aspect aspect, PodSpec spec, String configuration) {
        String text = switch (aspect) {
            case CONFIG -> configuration;
            case POD -> Serialization.asJson(podSettings(spec));
            default -> Serialization.asJson(perContainer(spec, aspect.part));
        };
        return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString().substring(0, HASH_LENGTH);
    }

    /** {@code init:name -> part} and {@code name -> part}, in the template's order. */
    private static Map<String, Object> perContainer(PodSpec spec, Function<Container, Object> part) {
        Map<String, Object> parts = new LinkedHashMap<>();
        list(spec.getInitContainers()).forEach(container -> parts.put("init:" + container.getName(), nullToEmpty(part.apply(container))));
        list(spec.getContainers()).forEach(container -> parts.put(container.getName(), nullToEmpty(part.apply(container))));
        return parts;
    }

    private static Container withoutOtherAspects(Container container) {
        return new ContainerBuilder(container)
                .withImage(null)
                .withResources(null)
                .withEnv(List.of())
                .withEnvFrom(List.of())
                .withReadinessProbe(null)
                .withLivenessProbe(null)
                .withStartupProbe(null)
                .build();
    }

    /** The pod spec without its containers, and without the name of the password Secret (applied live). */
    private static PodSpec podSettings(PodSpec spec) {
        List<Volume> volumes = new ArrayList<>();
        for (Volume volume : list(spec.getVolumes())) {
            volumes.add(PodLayout.PASSWORD_VOLUME.equals(volume.getName()) && volume.getSecret() != null
                    ? new VolumeBuilder(volume).editSecret().withSecretName(null).withItems(List.of()).endSecret().build()
                    : volume);
        }
        return new PodSpecBuilder(spec)
                .withContainers(List.of())
                .withInitContainers(List.of())
                .withVolumes(volumes)
                .build();
    }

    private static Object nullToEmpty(Object part) {
        return part == null ? "" : part;
    }

    @SafeVarargs
    private static <T> List<T> list(T... items) {
        List<T> present = new ArrayList<>();
        for (T item : items) {
            if (item != null) {
                present.add(item);
            }
        }
        return present;
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}

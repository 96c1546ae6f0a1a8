package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.Applier;
import io.qsredis.renderer.DesiredObject;
import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.impact.StatefulSetUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Step 3 of a pass: write the rendered objects in the renderer's order, each write an Event on the owner.
 *
 * <p>A StatefulSet whose desired spec changes a field Kubernetes cannot update ({@link StatefulSetUpdate}) is not
 * updated but recreated: where that is safe (same selector, no claim template shrinking) — or the owner carries
 * upstream's {@link #RECREATE_ANNOTATION} and no claim shrinks — its PVCs are first expanded to a larger storage request, then it
 * is deleted with orphan propagation, keeping its pods and PVCs, and the next pass creates it again, adopting the
 * running pods (the rollout then restarts them where their template changed). What cannot be done is refused,
 * reported in an Event and returned, and the rest of the pass goes on.
 */
final class DesiredState {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredState.class);
    /** Upstream's owner annotation that allows recreating a StatefulSet whose immutable fields changed. */
    static final String RECREATE_ANNOTATION = "redis.opstreelabs.in/recreate-statefulset";

    private DesiredState() {}

    /** Applies every object; returns why some could not be (a StatefulSet update refused), empty when all were. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<String> apply(Operator.Context context, HasMetadata owner, DesiredObjects desired) {
        List<String> refused = new ArrayList<>();
        for (DesiredObject object : desired.all()) {
            if (object.object().orElse(null) instanceof StatefulSet statefulSet) {
                Optional<String> problem = recreateIfImmutableFieldsChanged(context, owner, statefulSet);
                if (problem.isPresent()) {
                    problem.filter(p -> !p.isEmpty()).ifPresent(refused::add);
                    continue;
                }
            }
            Applier.Applied result = context.applier().apply(owner, (Class) object.type(), object.name(), object.object().orElse(null));
            if (result.change().wrote()) {
                String verb = switch (result.change()) {
                    case CREATED -> "Created";
                    case UPDATED -> "Updated";
                    default -> "Deleted";
                };
                context.events().normal(owner, verb, verb.toLowerCase(Locale.ROOT) + " " + result.kind() + " " + result.name());
            }
        }
        return refused;
    }

    /**
     * Empty when a plain update does; an empty text when the StatefulSet was deleted to be created again next pass;
     * else why it cannot be updated.
     */
    private static Optional<String> recreateIfImmutableFieldsChanged(Operator.Context context, HasMetadata owner, StatefulSet desired) {
        String namespace = owner.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        StatefulSet live = context.client().apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (live == null || !Applier.isControlledBy(live, owner) || live.getMetadata().getDeletionTimestamp() != null) {
            return live != null && live.getMetadata().getDeletionTimestamp() != null ? Optional.of("") : Optional.empty();
        }
        StatefulSetUpdate update = StatefulSetUpdate.between(live, desired);
        if (!update.needsRecreate()) {
            return Optional.empty();
        }
        String fields = String.join(", ", update.immutableFields());
        boolean allowed = "true".equals(Optional.ofNullable(owner.getMetadata().getAnnotations()).map(a -> a.get(RECREATE_ANNOTATION)).orElse(null));
        if (!update.shrinking().isEmpty()) {
            return refuse(context, owner, "StorageShrinkRefused", "StatefulSet " + name + ": a PVC cannot shrink ("
                    + update.shrinking().stream().map(Object::toString).reduce((a, b) -> a + ", " + b).orElse("")
                    + "); the StatefulSet keeps its size: restore the storage request");
        }
        if (!update.recreateIsSafe() && !allowed) {
            return refuse(context, owner, "StatefulSetUpdateRefused", "StatefulSet " + name + ": " + fields
                    + " changed, which Kubernetes cannot update and a recreate would leave the running pods behind; annotate the resource with "
                    + RECREATE_ANNOTATION + ": \"true\" to recreate it anyway");
        }
        for (StatefulSetUpdate.Resize resize : update.growing()) {
            Optional<String> failed = expandClaims(context, live, resize);
            if (failed.isPresent()) {
                return refuse(context, owner, "VolumeExpansionFailed", failed.get());
            }
        }
        context.client().apps().statefulSets().inNamespace(namespace).withName(name).withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        LOG.info("namespace={} owner={}/{} statefulset={} step=recreate fields=\"{}\"", namespace, owner.getKind(), owner.getMetadata().getName(),
                name, fields);
        context.events().normal(owner, "StatefulSetRecreated", "deleted StatefulSet " + name + " keeping its pods and PVCs, to create it again: "
                + fields + " cannot change in place" + (update.growing().isEmpty() ? "" : "; PVCs expanded: " + update.growing()));
        return Optional.of("");
    }

    /** Raises the storage request of every existing PVC of the claim template to the desired size; why not, if it fails. */
    private static Optional<String> expandClaims(Operator.Context context, StatefulSet live, StatefulSetUpdate.Resize resize) {
        String namespace = live.getMetadata().getNamespace();
        String prefix = resize.claimTemplate() + "-" + live.getMetadata().getName() + "-";
        for (PersistentVolumeClaim claim : context.client().persistentVolumeClaims().inNamespace(namespace).list().getItems()) {
            String claimName = claim.getMetadata().getName();
            if (!claimName.startsWith(prefix) || !claimName.substring(prefix.length()).matches("[0-9]+")) {
                continue;
            }
            try {
                context.client().persistentVolumeClaims().inNamespace(namespace).withName(claimName).patch(PatchContext.of(PatchType.JSON_MERGE),
                        context.client().getKubernetesSerialization().asJson(Map.of("spec", Map.of("resources", Map.of("requests",
                                Map.of("storage", resize.to().toString()))))));
            } catch (KubernetesClientException e) {
                return Optional.of("PVC " + claimName + " cannot grow to " + resize.to() + " (does its StorageClass allow volume expansion?): "
                        + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refuse(Operator.Context context, HasMetadata owner, String reason, String message) {
        context.events().warning(owner, reason, message);
        return Optional.of(message);
    }
}

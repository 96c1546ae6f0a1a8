package io.qsredis.renderer.impact;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What updating a live StatefulSet to the desired one takes, when a field Kubernetes refuses to update changed: the
 * API server accepts changes only to {@code replicas}, {@code ordinals}, {@code template}, {@code updateStrategy},
 * {@code persistentVolumeClaimRetentionPolicy}, {@code minReadySeconds} and {@code revisionHistoryLimit}. Such a
 * StatefulSet is deleted with orphan propagation and created anew, its pods and PVCs kept: safe while the selector
 * is unchanged (the new StatefulSet adopts the running pods) and no claim template shrinks (a PVC cannot). A claim
 * template asking for more storage is applied to the existing PVCs by expanding them. Pure.
 *
 * @param immutableFields the immutable spec fields that differ, by name ({@code spec.serviceName}...); empty when a
 *     plain update does
 * @param growing claim templates whose storage request grows
 * @param shrinking claim templates whose storage request shrinks, which no PVC can follow
 */
public record StatefulSetUpdate(List<String> immutableFields, List<Resize> growing, List<Resize> shrinking) {

    /** A claim template's storage request, live and desired. */
    public record Resize(String claimTemplate, Quantity from, Quantity to) {
        @Override
        public String toString() {
            return claimTemplate + " " + from + " -> " + to;
        }
    }

    public StatefulSetUpdate {
        immutableFields = List.copyOf(immutableFields);
        growing = List.copyOf(growing);
        shrinking = List.copyOf(shrinking);
    }

    public static StatefulSetUpdate between(StatefulSet live, StatefulSet desired) {
        StatefulSetSpec was = live.getSpec();
        StatefulSetSpec wants = desired.getSpec();
        List<String> fields = new ArrayList<>();
        if (!Objects.equals(was.getSelector(), wants.getSelector())) {
            fields.add("spec.selector");
        }
        if (!Objects.equals(was.getServiceName(), wants.getServiceName())) {
            fields.add("spec.serviceName");
        }
        if (!policy(was).equals(policy(wants))) {
            fields.add("spec.podManagementPolicy");
        }
        Map<String, PersistentVolumeClaim> before = claims(was);
        Map<String, PersistentVolumeClaim> after = claims(wants);
        List<Resize> growing = new ArrayList<>();
        List<Resize> shrinking = new ArrayList<>();
        boolean templatesDiffer = !before.keySet().equals(after.keySet());
        for (Map.Entry<String, PersistentVolumeClaim> entry : after.entrySet()) {
            PersistentVolumeClaim old = before.get(entry.getKey());
            if (old == null) {
                continue;
            }
            Optional<Quantity> from = storage(old);
            Optional<Quantity> to = storage(entry.getValue());
            if (from.isPresent() && to.isPresent() && !sameAmount(from.get(), to.get())) {
                int order = Quantity.getAmountInBytes(to.get()).compareTo(Quantity.getAmountInBytes(from.get()));
                (order > 0 ? growing : shrinking).add(new Resize(entry.getKey(), from.get(), to.get()));
            }
            templatesDiffer |= !sameClaim(old, entry.getValue());
        }
        if (templatesDiffer || !growing.isEmpty() || !shrinking.isEmpty()) {
            fields.add("spec.volumeClaimTemplates");
        }
        return new StatefulSetUpdate(fields, growing, shrinking);
    }

    /** Whether a plain update is refused by the API server. */
    public boolean needsRecreate() {
        return !immutableFields.isEmpty();
    }

    /** Whether deleting (orphaning the pods) and creating the StatefulSet again keeps every pod and every PVC usable. */
    public boolean recreateIsSafe() {
        return shrinking.isEmpty() && !immutableFields.contains("spec.selector");
    }

    private static String policy(StatefulSetSpec spec) {
        return spec.getPodManagementPolicy() == null ? "OrderedReady" : spec.getPodManagementPolicy();
    }

    private static Map<String, PersistentVolumeClaim> claims(StatefulSetSpec spec) {
        Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
        if (spec.getVolumeClaimTemplates() != null) {
            spec.getVolumeClaimTemplates().forEach(claim -> claims.put(claim.getMetadata().getName(), claim));
        }
        return claims;
    }

    private static Optional<Quantity> storage(PersistentVolumeClaim claim) {
        return Optional.ofNullable(claim.getSpec())
                .map(spec -> spec.getResources())
                .map(resources -> resources.getRequests())
                .map(requests -> requests.get("storage"));
    }

    private static boolean sameAmount(Quantity a, Quantity b) {
        BigDecimal left = Quantity.getAmountInBytes(a);
        BigDecimal right = Quantity.getAmountInBytes(b);
        return left.compareTo(right) == 0;
    }

    /** The same claim but for its storage request (compared apart) and what an API server adds (status). */
    private static boolean sameClaim(PersistentVolumeClaim a, PersistentVolumeClaim b) {
        return Objects.equals(a.getSpec() == null ? null : a.getSpec().getAccessModes(), b.getSpec() == null ? null : b.getSpec().getAccessModes())
                && Objects.equals(a.getSpec() == null ? null : a.getSpec().getStorageClassName(),
                        b.getSpec() == null ? null : b.getSpec().getStorageClassName())
                && Objects.equals(a.getSpec() == null ? null : a.getSpec().getVolumeMode(), b.getSpec() == null ? null : b.getSpec().getVolumeMode());
    }
}

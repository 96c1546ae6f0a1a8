package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.qsredis.renderer.model.Owner;
import io.qsredis.renderer.model.PdbSettings;

import java.util.Map;
import java.util.Optional;

/** The PodDisruptionBudget of a StatefulSet's pods, or null when there is none. */
final class DisruptionBudget {
    private DisruptionBudget() {}

    static PodDisruptionBudget desired(String name, Owner owner, Map<String, String> labels, Map<String, String> selector, Optional<PdbSettings> settings) {
        if (settings.isEmpty()) {
            return null;
        }
        PdbSettings pdb = settings.get();
        return new PodDisruptionBudgetBuilder()
                .withMetadata(ObjectMetas.of(name, owner, labels, Map.of()))
                .withNewSpec()
                    .withMinAvailable(pdb.minAvailable().isPresent() ? new IntOrString(pdb.minAvailable().getAsInt()) : null)
                    .withMaxUnavailable(pdb.maxUnavailable().isPresent() ? new IntOrString(pdb.maxUnavailable().getAsInt()) : null)
                    .withNewSelector().withMatchLabels(selector).endSelector()
                .endSpec()
                .build();
    }
}

package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.Applier;
import io.qsredis.renderer.DesiredObject;
import io.qsredis.renderer.DesiredObjects;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Step 3 of a pass: write the rendered objects in the renderer's order, each write an Event on the owner. */
final class DesiredState {
    private DesiredState() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Applier.Applied> apply(Operator.Context context, HasMetadata owner, DesiredObjects desired) {
        List<Applier.Applied> applied = new ArrayList<>();
        for (DesiredObject object : desired.all()) {
            Applier.Applied result = context.applier().apply(owner, (Class) object.type(), object.name(), object.object().orElse(null));
            if (result.change().wrote()) {
                String verb = switch (result.change()) {
                    case CREATED -> "Created";
                    case UPDATED -> "Updated";
                    default -> "Deleted";
                };
                context.events().normal(owner, verb, verb.toLowerCase(Locale.ROOT) + " " + result.kind() + " " + result.name());
            }
            applied.add(result);
        }
        return applied;
    }
}

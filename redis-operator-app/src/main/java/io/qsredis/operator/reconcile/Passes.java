package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.client.CustomResource;
import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.renderer.model.InvalidSpecException;
import io.qsredis.renderer.model.ServerSetModel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** The ends of a pass that every kind shares. */
final class Passes {
    private Passes() {}

    /** The spec cannot be rendered: report every problem, touch nothing. */
    static <S, P extends CustomResource<?, S>> Outcome invalidSpec(
            Operator.Context context, P cr, InvalidSpecException e, BiFunction<P, List<Verdict>, S> status) {
        String problems = String.join("; ", e.problems());
        context.events().warning(cr, "InvalidSpec", problems);
        context.status().write(cr, status.apply(cr, Verdicts.invalidSpec(problems)));
        context.metrics().observed(ResourceKey.of(cr), false, 0);
        return Outcome.done();
    }

    /** A Secret the spec names is missing: report it, touch nothing; the Secret's creation triggers the next pass. */
    static <S, P extends CustomResource<?, S>> Outcome secretMissing(
            Operator.Context context, P cr, String problem, BiFunction<P, List<Verdict>, S> status) {
        context.events().warning(cr, "SecretMissing", problem);
        context.status().write(cr, status.apply(cr, Verdicts.waitingForInput("SecretMissing", problem)));
        context.metrics().observed(ResourceKey.of(cr), false, 0);
        return Outcome.done();
    }

    /** What the operator sets live on every server: maxmemory, then dynamicConfig in order (later lines win). */
    static List<String> liveConfigLines(ServerSetModel server) {
        List<String> lines = new ArrayList<>();
        server.redis().maxmemoryBytes().ifPresent(bytes -> lines.add("maxmemory " + bytes));
        lines.addAll(server.redis().dynamicConfig());
        return lines;
    }
}

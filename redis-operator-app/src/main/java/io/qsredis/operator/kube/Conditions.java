package io.qsredis.operator.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Status conditions in the Kubernetes convention; a condition's transition time moves only when its status does. */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String DEGRADED = "Degraded";
    public static final String INVALID_SPEC = "InvalidSpec";
    /** The user's ACL file does not parse or Redis refuses it; the servers keep the last good one. */
    public static final String ACL_FILE_INVALID = "AclFileInvalid";
    /** True while some pod does not run the desired revision of its pod template; the message counts them. */
    public static final String ROLLING_UPDATE = "RollingUpdate";

    private Conditions() {}

    /** One condition as a pass decides it: its type, whether it holds, a CamelCase reason and a message. */
    public record Verdict(String type, boolean holds, String reason, String message) {
        public static Verdict holds(String type, String reason, String message) {
            return new Verdict(type, true, reason, message);
        }

        public static Verdict fails(String type, String reason, String message) {
            return new Verdict(type, false, reason, message);
        }
    }

    /**
     * The conditions to store: one per verdict, in the verdicts' order, stamped with {@code generation}; each keeps its
     * {@code lastTransitionTime} from {@code current} unless its status changed. Conditions no verdict names are
     * kept as they were.
     */
    public static List<Condition> merge(List<Condition> current, List<Verdict> verdicts, long generation, Instant now) {
        List<Condition> merged = new ArrayList<>();
        List<Condition> existing = current == null ? List.of() : current;
        for (Verdict verdict : verdicts) {
            String status = verdict.holds() ? "True" : "False";
            String transition = existing.stream()
                    .filter(c -> verdict.type().equals(c.getType()) && status.equals(c.getStatus()))
                    .map(Condition::getLastTransitionTime)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
            merged.add(new ConditionBuilder()
                    .withType(verdict.type())
                    .withStatus(status)
                    .withReason(verdict.reason())
                    .withMessage(verdict.message())
                    .withObservedGeneration(generation)
                    .withLastTransitionTime(transition)
                    .build());
        }
        existing.stream()
                .filter(c -> verdicts.stream().noneMatch(v -> v.type().equals(c.getType())))
                .forEach(merged::add);
        return merged;
    }
}

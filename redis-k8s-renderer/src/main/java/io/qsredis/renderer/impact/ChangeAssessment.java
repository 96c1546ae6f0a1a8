package io.qsredis.renderer.impact;

import java.util.List;

/**
 * What a spec change does, as data: every change found with its reason, and the largest impact among them.
 *
 * @param changes ordered by the object they concern, in apply order; empty when nothing changed
 */
public record ChangeAssessment(ChangeImpact impact, List<Change> changes) {

    public ChangeAssessment {
        changes = List.copyOf(changes);
    }

    static ChangeAssessment of(List<Change> changes) {
        ChangeImpact impact = changes.stream().map(change -> change.reason().impact()).reduce(ChangeImpact.NONE, ChangeImpact::max);
        return new ChangeAssessment(impact, changes);
    }

    /** One reason concerning one rendered object (a StatefulSet, a Service...). */
    public record Change(ChangeReason reason, String kind, String name) {}
}

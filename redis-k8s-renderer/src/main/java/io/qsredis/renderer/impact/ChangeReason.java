package io.qsredis.renderer.impact;

/** Why a spec change has the impact it has; each reason carries its impact and a sentence for Events. */
public enum ChangeReason {
    SERVICE_CHANGED(ChangeImpact.NONE, "a Service changed, appeared or went away"),
    DISRUPTION_BUDGET_CHANGED(ChangeImpact.NONE, "a PodDisruptionBudget changed, appeared or went away"),
    STATEFULSET_SETTINGS_CHANGED(ChangeImpact.NONE, "StatefulSet settings outside the pod template changed (update strategy, minReadySeconds, labels...)"),
    LIVE_CONFIG_CHANGED(ChangeImpact.LIVE, "dynamicConfig or maxmemory changed: applied with CONFIG SET"),
    PASSWORD_SECRET_CHANGED(ChangeImpact.LIVE, "the password Secret reference changed: requirepass and masterauth are set with CONFIG SET"),
    REPLICAS_CHANGED(ChangeImpact.LIVE, "the number of pods changed: pods are added or removed, the others keep running"),
    SENTINEL_MONITOR_CHANGED(ChangeImpact.LIVE, "the Sentinels' group settings changed: applied with SENTINEL MONITOR/SET"),
    POD_METADATA_CHANGED(ChangeImpact.LIVE, "only pod labels or annotations changed: patched on the running pods"),
    STATEFULSET_ADDED(ChangeImpact.LIVE, "a StatefulSet appeared (Sentinels switched on): its pods start, the others keep running"),
    STATEFULSET_REMOVED(ChangeImpact.LIVE, "a StatefulSet went away (Sentinels switched off): its pods stop, the others keep running"),
    CONFIG_CHANGED(ChangeImpact.ROLLING_RESTART, "configuration that Redis reads only at start changed"),
    IMAGE_CHANGED(ChangeImpact.ROLLING_RESTART, "a container image changed"),
    POD_SPEC_CHANGED(ChangeImpact.ROLLING_RESTART, "the pod template changed (resources, probes, placement, volumes...)"),
    SHARDS_CHANGED(ChangeImpact.RESHARD, "the number of shards changed: slots move between masters"),
    VOLUME_CLAIM_TEMPLATES_CHANGED(ChangeImpact.RECREATE, "the volume claim templates changed, which a StatefulSet cannot update"),
    POD_MANAGEMENT_POLICY_CHANGED(ChangeImpact.RECREATE, "the pod management policy changed, which a StatefulSet cannot update");

    private final ChangeImpact impact;
    private final String message;

    ChangeReason(ChangeImpact impact, String message) {
        this.impact = impact;
        this.message = message;
    }

    public ChangeImpact impact() {
        return impact;
    }

    public String message() {
        return message;
    }
}

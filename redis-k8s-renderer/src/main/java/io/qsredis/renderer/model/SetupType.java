package io.qsredis.renderer.model;

/** The {@code redis_setup_type} label: which kind of deployment a pod belongs to. */
public enum SetupType {
    STANDALONE("standalone"),
    REPLICATION("replication"),
    SENTINEL("sentinel"),
    CLUSTER("cluster");

    private final String label;

    SetupType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

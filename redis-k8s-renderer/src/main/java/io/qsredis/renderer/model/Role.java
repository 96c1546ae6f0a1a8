package io.qsredis.renderer.model;

/** The {@code role} label: the part a StatefulSet plays in its deployment. */
public enum Role {
    STANDALONE("standalone"),
    REPLICATION("replication"),
    SENTINEL("sentinel"),
    LEADER("leader"),
    FOLLOWER("follower");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

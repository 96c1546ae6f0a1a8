package io.qsredis.topology.cluster;

import java.util.Optional;

/** The flags of a {@code CLUSTER NODES} line. */
public enum NodeFlag {
    MYSELF("myself"),
    MASTER("master"),
    REPLICA("slave"),
    /** Suspected failing by the node that wrote the line ({@code fail?}, PFAIL). */
    PFAIL("fail?"),
    /** Failing by agreement of the majority of masters ({@code fail}). */
    FAIL("fail"),
    HANDSHAKE("handshake"),
    NOADDR("noaddr"),
    NOFAILOVER("nofailover");

    private final String token;

    NodeFlag(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** The flag for a token; {@code noflags} and tokens of newer Redis versions have none. */
    public static Optional<NodeFlag> ofToken(String token) {
        for (NodeFlag flag : values()) {
            if (flag.token.equals(token)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Container;

import java.util.Optional;

/**
 * The containers of a pod the testbed runs, chosen by name as POD-LAYOUT fixes them: the main container
 * {@code redis} or {@code sentinel}, and the operator's init containers {@code config} and
 * {@code sentinel-config}. Sidecars and user init containers need their own images and are not run.
 */
enum ContainerRole {
    REDIS(6379),
    SENTINEL(26379),
    INIT(0);

    private final int defaultPort;

    ContainerRole(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port the main container serves when its spec declares none. */
    int defaultPort() {
        return defaultPort;
    }

    static Optional<ContainerRole> ofMain(Container container) {
        switch (container.getName()) {
            case "redis":
                return Optional.of(REDIS);
            case "sentinel":
                return Optional.of(SENTINEL);
            default:
                return Optional.empty();
        }
    }

    static boolean isRunInit(Container container) {
        return container.getName().equals("config") || container.getName().equals("sentinel-config");
    }
}

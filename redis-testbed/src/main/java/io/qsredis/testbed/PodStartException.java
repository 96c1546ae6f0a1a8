package io.qsredis.testbed;

/**
 * Why a pod's container cannot start yet, as the kubelet reports it in the container's waiting state
 * ({@code CreateContainerConfigError}, {@code ContainerCreating}...); the runtime retries.
 */
final class PodStartException extends Exception {

    private final String reason;

    PodStartException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}

package io.qsredis.renderer.impact;

/**
 * Why a running pod no longer matches the pod template the operator renders and must restart to take it; a pod may
 * have several. Each carries a sentence for Events and conditions.
 */
public enum RestartReason {
    CONFIG_CHANGED("configuration that Redis reads only at start changed"),
    IMAGE_CHANGED("a container image changed"),
    RESOURCES_CHANGED("container resources changed"),
    ENV_CHANGED("container environment changed"),
    PROBES_CHANGED("probes changed"),
    CONTAINERS_CHANGED("containers changed (sidecars, init containers, commands, ports, mounts or security context)"),
    POD_SPEC_CHANGED("pod settings changed (placement, volumes, security context, service account...)"),
    CERTIFICATE_RENEWED("the TLS Secret holds a renewed certificate, which this process loads only at start"),
    UNKNOWN_TEMPLATE("the pod was created from a template the operator did not render (adopted, or from an older operator)");

    private final String message;

    RestartReason(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}

package io.qsredis.sandbox;

/**
 * The kubeconfig of the sandbox's API server (plain HTTP on 127.0.0.1, no credentials), as {@code helm} and
 * {@code kubectl} read it: one cluster, one user, one context named {@code sandbox}, current.
 */
final class SandboxKubeconfig {
    static final String CONTEXT = "sandbox";

    private SandboxKubeconfig() {}

    static String yaml(String serverUrl, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: %1$s
                    cluster:
                      server: %2$s
                users:
                  - name: %1$s
                    user: {}
                contexts:
                  - name: %1$s
                    context:
                      cluster: %1$s
                      user: %1$s
                      namespace: %3$s
                current-context: %1$s
                """.formatted(CONTEXT, serverUrl, namespace);
    }
}

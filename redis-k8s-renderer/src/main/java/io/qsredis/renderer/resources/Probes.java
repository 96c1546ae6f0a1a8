package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.model.TlsSettings;

import java.util.Optional;

/**
 * Probes that ask Redis (or Sentinel) with {@code redis-cli PING}, authenticated from the mounted password file
 * through stdin ({@code --askpass}), so the password is in no command line; a server with ACLs as the operator's own
 * user, whatever the user's file allows the default user. A user probe with its own handler is
 * kept as it is; a user probe without one gets this handler with the user's timings.
 *
 * <p>Readiness wants PONG. It also accepts WRONGPASS: after a live password rotation kubelet refreshes the
 * mounted Secret up to a minute later, and an outage of every pod at once would be worse than a minute of trust.
 * Liveness accepts any reply that proves the server runs (LOADING a large dataset, BUSY with a script, ...).
 *
 * <p>A Sentinel is ready only once it monitors its group ({@code SENTINEL GET-MASTER-ADDR-BY-NAME} answers an address
 * and port): a Sentinel restarted empty waits for the operator to tell it the master, and until then the Sentinel
 * Service must not hand it to a client, which would hear "no master" from it.
 */
final class Probes {
    private Probes() {}

    static Probe readiness(Optional<Probe> user, Target target) {
        return merge(user, script(target, "PONG | WRONGPASS*"), 5, 3);
    }

    static Probe sentinelReadiness(Optional<Probe> user, Target target, String group) {
        // The reply's last line is the master's port when the group is monitored; nil (not monitored) prints nothing.
        String script = "response=$(" + cli(target, "sentinel get-master-addr-by-name " + shellQuoted(group)) + " 2>&1)\n"
                + "case $response in WRONGPASS*) exit 0 ;; esac\n"
                + "port=${response##*\n}\n"
                + "case $port in ''|*[!0-9]*) ;; *) exit 0 ;; esac\n"
                + "printf '%s\\n' \"${response:-$(printf 'does not monitor %s yet' " + shellQuoted(group) + ")}\"\n"
                + "exit 1\n";
        return merge(user, script, 5, 3);
    }

    static Probe liveness(Optional<Probe> user, Target target) {
        return merge(user, script(target, "PONG | LOADING* | MASTERDOWN* | BUSY* | NOAUTH* | WRONGPASS*"), 20, 6);
    }

    /**
     * Where redis-cli connects and with what.
     *
     * @param passwordFile the file holding the password, when there is one
     * @param user the ACL user the password belongs to, when not the default user
     */
    record Target(int port, Optional<TlsSettings> tls, Optional<String> passwordFile, Optional<String> user) {}

    private static String script(Target target, String accepted) {
        return "response=$(" + cli(target, "ping") + " 2>&1)\n"
                + "case $response in " + accepted + ") exit 0 ;; esac\n"
                + "printf '%s\\n' \"$response\"\n"
                + "exit 1\n";
    }

    /** {@code redis-cli} running {@code command} against the pod, the password (if any) read from its file. */
    private static String cli(Target target, String command) {
        StringBuilder cli = new StringBuilder("redis-cli -h \"$").append(PodLayout.POD_IP_ENV).append("\" -p ").append(target.port());
        target.tls().ifPresent(tls -> cli
                .append(" --tls --cacert ").append(PodLayout.TLS_DIR).append('/').append(tls.caFile())
                .append(" --cert ").append(PodLayout.TLS_DIR).append('/').append(tls.certFile())
                .append(" --key ").append(PodLayout.TLS_DIR).append('/').append(tls.keyFile()));
        target.user().ifPresent(user -> cli.append(" --user ").append(shellQuoted(user)));
        if (target.passwordFile().isPresent()) {
            cli.append(" --askpass ").append(command).append(" < ").append(target.passwordFile().get());
        } else {
            cli.append(' ').append(command);
        }
        return cli.toString();
    }

    private static String shellQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static Probe merge(Optional<Probe> user, String script, int initialDelaySeconds, int failureThreshold) {
        Probe probe = user.orElseGet(Probe::new);
        if (probe.getExec() != null || probe.getHttpGet() != null || probe.getTcpSocket() != null || probe.getGrpc() != null) {
            return probe;
        }
        return new ProbeBuilder()
                .withNewExec().withCommand("sh", "-c", script).endExec()
                .withInitialDelaySeconds(orDefault(probe.getInitialDelaySeconds(), initialDelaySeconds))
                .withPeriodSeconds(orDefault(probe.getPeriodSeconds(), 10))
                .withTimeoutSeconds(orDefault(probe.getTimeoutSeconds(), 5))
                .withSuccessThreshold(orDefault(probe.getSuccessThreshold(), 1))
                .withFailureThreshold(orDefault(probe.getFailureThreshold(), failureThreshold))
                .withTerminationGracePeriodSeconds(probe.getTerminationGracePeriodSeconds())
                .build();
    }

    private static Integer orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}

package io.qsredis.renderer.config;

import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.model.SentinelSetModel;
import io.qsredis.renderer.model.ServerSetModel;

/**
 * The POSIX {@code sh} scripts of the operator's init containers. They use shell builtins plus {@code cat} only,
 * so any image with a shell runs them, and they read the password from the mounted Secret file: it never appears
 * in a command line, an environment variable or a log. The password is the file's first line, written as a
 * double-quoted Redis string with {@code \} and {@code "} escaped, so any character but a newline is allowed.
 */
public final class InitScripts {
    /** Prints its argument escaped for a double-quoted Redis configuration string. */
    private static final String ESCAPE_FUNCTION = """
            escape() {
              rest=$1
              escaped=
              while [ -n "$rest" ]; do
                tail=${rest#?}
                char=${rest%"$tail"}
                case $char in
                  '\\' | '"') escaped="$escaped\\\\$char" ;;
                  *) escaped="$escaped$char" ;;
                esac
                rest=$tail
              done
              printf '%s' "$escaped"
            }
            """;

    private static final String READ_PASSWORD = """
            password=
            IFS= read -r password < %s || true
            if [ -z "$password" ]; then
              echo "the password Secret key mounted at %s is empty" >&2
              exit 1
            fi
            password=$(escape "$password")
            """.formatted(PodLayout.PASSWORD_FILE, PodLayout.PASSWORD_FILE);

    private InitScripts() {}

    /** Writes auth.conf (requirepass and masterauth, or nothing) and, on cluster nodes, pod.conf. */
    public static String redisConfig(ServerSetModel model) {
        StringBuilder script = new StringBuilder("set -eu\numask 077\n");
        if (model.redis().password().isPresent()) {
            script.append(ESCAPE_FUNCTION).append(READ_PASSWORD)
                    .append("printf 'requirepass \"%s\"\\nmasterauth \"%s\"\\n' \"$password\" \"$password\" > ")
                    .append(PodLayout.AUTH_CONF).append('\n');
        } else {
            script.append(": > ").append(PodLayout.AUTH_CONF).append('\n');
        }
        if (RedisConf.writesPodConf(model)) {
            script.append("printf 'cluster-announce-hostname \"%s.")
                    .append(model.headlessServiceName()).append('.').append(model.owner().namespace())
                    .append(".svc.").append(model.clusterDomain()).append("\"\\n' \"$").append(PodLayout.POD_NAME_ENV)
                    .append("\" > ").append(PodLayout.POD_CONF).append('\n');
        }
        return script.toString();
    }

    /** Composes the writable sentinel.conf: the rendered template, the Sentinel's password, the user's additions. */
    public static String sentinelConfig(SentinelSetModel model) {
        StringBuilder script = new StringBuilder("set -eu\numask 077\n")
                .append("cat ").append(PodLayout.SENTINEL_CONF_TEMPLATE).append(" > ").append(PodLayout.SENTINEL_CONF).append('\n');
        if (model.password().isPresent()) {
            script.append(ESCAPE_FUNCTION).append(READ_PASSWORD)
                    .append("printf 'requirepass \"%s\"\\n' \"$password\" >> ").append(PodLayout.SENTINEL_CONF).append('\n');
        }
        if (model.additionalConfigMap().isPresent()) {
            script.append("printf '\\n' >> ").append(PodLayout.SENTINEL_CONF).append('\n')
                    .append("cat ").append(PodLayout.ADDITIONAL_CONFIG_DIR).append('/').append(PodLayout.ADDITIONAL_SENTINEL_CONF_KEY)
                    .append(" >> ").append(PodLayout.SENTINEL_CONF).append('\n');
        }
        return script.toString();
    }
}

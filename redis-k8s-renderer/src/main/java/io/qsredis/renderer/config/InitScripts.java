package io.qsredis.renderer.config;

import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.model.AclSettings;
import io.qsredis.renderer.model.OperatorUser;
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

    /**
     * Assembles {@link PodLayout#ACL_FILE}: the user's ACL file without its {@code default} and operator lines, then the
     * default user with the user's rules (or all rights) and the password Secret's password, then the operator's user.
     * An ACL file cannot quote, so a password holding white space is left out: the default user then takes no password
     * until the operator sets it live ({@code CONFIG SET requirepass}), never an open one.
     */
    private static String aclFile(ServerSetModel model, AclSettings acl) {
        String source = (acl.secret().isPresent() ? PodLayout.ACL_SECRET_DIR : PodLayout.ACL_PVC_DIR) + "/" + PodLayout.ACL_FILE_NAME;
        boolean password = model.redis().password().isPresent();
        StringBuilder script = new StringBuilder()
                .append("default_rules='").append(password ? "on ~* &* +@all" : "on nopass ~* &* +@all").append("'\n")
                .append(": > ").append(PodLayout.ACL_FILE).append('\n')
                .append("if [ -f ").append(source).append(" ]; then\n")
                .append("  while IFS= read -r line || [ -n \"$line\" ]; do\n")
                .append("    case $line in\n")
                .append("      'user default '*) default_rules=${line#'user default '} ;;\n")
                .append("      'user ").append(OperatorUser.NAME).append(" '*) ;;\n")
                .append("      *) printf '%s\\n' \"$line\" >> ").append(PodLayout.ACL_FILE).append(" ;;\n")
                .append("    esac\n")
                .append("  done < ").append(source).append('\n')
                .append("fi\n");
        if (password) {
            script.append("acl_password=\nIFS= read -r acl_password < ").append(PodLayout.PASSWORD_FILE).append(" || true\n")
                    .append("case $acl_password in\n")
                    .append("  *[[:space:]]*) printf 'user default %s resetpass\\n' \"$default_rules\" >> ").append(PodLayout.ACL_FILE).append(" ;;\n")
                    .append("  *) printf 'user default %s resetpass >%s\\n' \"$default_rules\" \"$acl_password\" >> ").append(PodLayout.ACL_FILE).append(" ;;\n")
                    .append("esac\n");
        } else {
            script.append("printf 'user default %s\\n' \"$default_rules\" >> ").append(PodLayout.ACL_FILE).append('\n');
        }
        return script.append("operator_password=\nIFS= read -r operator_password < ").append(PodLayout.OPERATOR_ACL_PASSWORD_FILE).append(" || true\n")
                .append("if [ -z \"$operator_password\" ]; then\n")
                .append("  echo \"the operator's ACL password mounted at ").append(PodLayout.OPERATOR_ACL_PASSWORD_FILE).append(" is empty\" >&2\n")
                .append("  exit 1\n")
                .append("fi\n")
                .append("printf 'user ").append(OperatorUser.NAME).append(' ').append(OperatorUser.RULES).append(" >%s\\n' \"$operator_password\" >> ")
                .append(PodLayout.ACL_FILE).append('\n')
                .toString();
    }

    /** Writes auth.conf (requirepass and masterauth, or nothing), the ACL file with {@code spec.acl} and, on cluster nodes, pod.conf. */
    public static String redisConfig(ServerSetModel model) {
        StringBuilder script = new StringBuilder("set -eu\numask 077\n");
        if (model.redis().password().isPresent()) {
            script.append(ESCAPE_FUNCTION).append(READ_PASSWORD)
                    .append("printf 'requirepass \"%s\"\\nmasterauth \"%s\"\\n' \"$password\" \"$password\" > ")
                    .append(PodLayout.AUTH_CONF).append('\n');
        } else {
            script.append(": > ").append(PodLayout.AUTH_CONF).append('\n');
        }
        model.redis().acl().ifPresent(acl -> script.append(aclFile(model, acl)));
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

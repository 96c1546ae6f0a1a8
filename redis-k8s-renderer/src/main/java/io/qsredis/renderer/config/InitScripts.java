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

    /**
     * Assembles the effective ACL file from the user's (the operator's checked copy, or the PVC's): their lines as
     * they are, except that the default user's gets the resource's password appended (so it never stays {@code nopass}
     * when there is one), and a line for the operator's own user is ignored; then a default user with every right
     * and that password when the file has none, and the operator's user. No password passes through the script: both
     * are SHA-256 hash rules in the operator's Secret.
     */
    private static String aclFile(String userAclDir) {
        return """
            user_acl=%s/%s
            default_rule=
            IFS= read -r default_rule < %s/%s || true
            : > %s
            has_default=
            if [ -f "$user_acl" ]; then
              while IFS= read -r line || [ -n "$line" ]; do
                case $line in
                  'user default' | 'user default '*)
                    has_default=1
                    printf '%%s%%s\\n' "$line" "${default_rule:+ $default_rule}" >> %s ;;
                  'user %s' | 'user %s '*)
                    echo "user.acl: a line for the operator's own user %s is ignored" >&2 ;;
                  *) printf '%%s\\n' "$line" >> %s ;;
                esac
              done < "$user_acl"
            else
              echo "user.acl: no file at $user_acl; only the default and the operator's users are defined" >&2
            fi
            if [ -z "$has_default" ]; then
              printf 'user default on %%s ~* &* +@all\\n' "${default_rule:-nopass}" >> %s
            fi
            cat %s/%s >> %s
            """.formatted(userAclDir, PodLayout.ACL_FILE_NAME, PodLayout.OPERATOR_ACL_DIR, PodLayout.DEFAULT_USER_ACL_KEY, PodLayout.ACL_FILE,
            PodLayout.ACL_FILE, OperatorAclUser.NAME, OperatorAclUser.NAME, OperatorAclUser.NAME, PodLayout.ACL_FILE, PodLayout.ACL_FILE,
            PodLayout.OPERATOR_ACL_DIR, PodLayout.OPERATOR_USER_ACL_KEY, PodLayout.ACL_FILE);
    }

    private InitScripts() {}

    /**
     * The replica's login to its master with ACLs: the operator's own user, whatever the user's file allows the default
     * user (replication needs PSYNC and REPLCONF, which {@code -@admin} or {@code +@read} take away). Its password is
     * generated hex, which needs no escaping.
     */
    private static final String MASTER_LOGIN = """
            operator_password=
            IFS= read -r operator_password < %s || true
            if [ -z "$operator_password" ]; then
              echo "the operator's password is missing from %s" >&2
              exit 1
            fi
            printf 'masteruser %s\\nmasterauth "%%s"\\n' "$operator_password" > %s
            """.formatted(PodLayout.OPERATOR_PASSWORD_FILE, PodLayout.OPERATOR_PASSWORD_FILE, OperatorAclUser.NAME, PodLayout.AUTH_CONF);

    /**
     * Writes auth.conf (requirepass and masterauth, or nothing; with ACLs, whose file holds the default user's password,
     * masteruser and masterauth of the operator's own user), with ACLs the effective ACL file, and on cluster nodes
     * pod.conf.
     */
    public static String redisConfig(ServerSetModel model) {
        StringBuilder script = new StringBuilder("set -eu\numask 077\n");
        if (model.redis().acl().isPresent()) {
            script.append(MASTER_LOGIN);
        } else if (model.redis().password().isPresent()) {
            script.append(ESCAPE_FUNCTION).append(READ_PASSWORD)
                    .append("printf 'requirepass \"%s\"\\nmasterauth \"%s\"\\n' \"$password\" \"$password\" > ")
                    .append(PodLayout.AUTH_CONF).append('\n');
        } else {
            script.append(": > ").append(PodLayout.AUTH_CONF).append('\n');
        }
        model.redis().acl().ifPresent(acl -> script.append(aclFile(
                acl.persistentVolumeClaim().isPresent() ? PodLayout.ACL_PVC_DIR : PodLayout.OPERATOR_ACL_DIR)));
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

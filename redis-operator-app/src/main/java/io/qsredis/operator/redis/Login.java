package io.qsredis.operator.redis;

import javax.net.ssl.SSLSocketFactory;
import java.util.List;
import java.util.Optional;

/**
 * How the operator gets into the processes of one resource: the passwords to try in turn (the desired one first, then
 * those the processes accepted lately), the ACL user they belong to (Redis' default user when empty), and, when the
 * processes speak TLS, the socket factory that trusts the resource's CA and presents its client certificate. The
 * passwords are redacted from {@link #toString()}.
 *
 * @param passwords candidates in order; an empty one means "no password"
 * @param user the ACL user, or empty for the default user
 * @param tls the TLS socket factory, or empty for plain TCP
 */
public record Login(List<Optional<String>> passwords, Optional<String> user, Optional<SSLSocketFactory> tls) {
    public Login {
        passwords = List.copyOf(passwords);
    }

    /** The default user over plain TCP with these candidates. */
    public static Login of(List<Optional<String>> passwords) {
        return new Login(passwords, Optional.empty(), Optional.empty());
    }

    /** The same user and transport with other candidates. */
    public Login withPasswords(List<Optional<String>> candidates) {
        return new Login(candidates, user, tls);
    }

    public Login withTls(Optional<SSLSocketFactory> socketFactory) {
        return new Login(passwords, user, socketFactory);
    }

    @Override
    public String toString() {
        return "Login[" + passwords.size() + " password candidate(s), user=" + user.orElse("default") + ", tls=" + tls.isPresent() + "]";
    }
}

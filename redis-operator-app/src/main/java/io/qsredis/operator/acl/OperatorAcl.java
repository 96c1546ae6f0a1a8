package io.qsredis.operator.acl;

import com.google.common.hash.Hashing;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.qsredis.operator.Operator;
import io.qsredis.operator.kube.Applier;
import io.qsredis.operator.kube.Conditions;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.redis.Login;
import io.qsredis.operator.redis.NodeSession;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.config.OperatorAclUser;
import io.qsredis.renderer.model.AclSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A resource's ACLs on the operator's side. Each pass {@link #prepare}s the Secret the operator owns
 * ({@link AclSettings#operatorSecretName}): its own user's generated password (made once, kept), that user's ACL line
 * and the default user's password as a hash rule, which the pods' {@code config} init container assembles the
 * effective ACL file from. In Secret mode it also reads and {@linkplain AclFile parses} the user's file; a bad file
 * is reported (condition {@code AclFileInvalid}, a Warning Event, a log line) and neither applied nor copied, so no
 * pod ever starts on it. A good one is {@linkplain #applyLive applied live} ({@link AclChange}) to every server,
 * after Redis itself accepted every user's rules on a scratch user, and only then copied into the owned Secret, from
 * which restarted pods load it. With a PVC the operator cannot read the file: pods load it when they start.
 */
public final class OperatorAcl {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorAcl.class);
    private static final String SCRATCH_USER = OperatorAclUser.NAME + "-check";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Operator.Context context;
    /** Per resource, what each server was last brought to (a fingerprint of the file and the default password). */
    private final Map<ResourceKey, Map<String, String>> applied = new ConcurrentHashMap<>();

    public OperatorAcl(Operator.Context context) {
        this.context = context;
    }

    /**
     * What this pass knows of a resource's ACLs.
     *
     * @param login the operator's own user
     * @param file the user's file (Secret mode), parsed
     * @param defaultRule the default user's password as a hash rule, when the resource has one
     * @param missing why the user's Secret cannot be read, when it cannot
     */
    public record State(Login login, Optional<AclFile> file, Optional<String> defaultRule, Optional<String> missing) {
        /** The condition the resource carries about its ACL file, given what Redis said of it ({@link #applyLive}). */
        public Verdict verdict(Optional<String> refusedByRedis) {
            return file.filter(f -> !f.valid()).map(f -> String.join("; ", f.problems())).or(() -> refusedByRedis)
                    .map(problems -> Verdict.holds(Conditions.ACL_FILE_INVALID, "AclFileInvalid", problems + "; the servers keep their users"))
                    .orElse(Verdict.fails(Conditions.ACL_FILE_INVALID, "AclFileAccepted", "the ACL users are in effect as the file says"));
        }

        /** The operator's own user's password, which replicas and Sentinels log in with too. */
        public Optional<String> ownPassword() {
            return login.passwords().isEmpty() ? Optional.empty() : login.passwords().get(0);
        }
    }

    /**
     * How the operator gets into a resource's servers: as its own user, unless a server that answers refuses it (a pod
     * started before the resource had ACLs, which has no such user); then as the default user ({@code fallback}). A
     * server that does not answer decides nothing.
     */
    public static Login loginFor(Optional<State> state, List<HostAndPort> servers, Login fallback) {
        if (state.isEmpty()) {
            return fallback;
        }
        Login own = state.get().login();
        for (HostAndPort server : servers) {
            try (NodeSession session = NodeSession.open(server, own)) {
                session.jedis().ping();
            } catch (JedisAccessControlException refused) {
                return fallback;
            } catch (JedisException notAnswering) {
                LOG.debug("server={} not answering: {}", server, notAnswering.getMessage());
            }
        }
        return own;
    }

    /**
     * The operator's own user's password for another resource's servers (a RedisSentinel monitoring a replication), as
     * the owned Secret ({@link AclSettings#operatorSecretName}) holds it; empty until that resource's pass wrote it.
     */
    public static Optional<String> ownPassword(Operator.Context context, String namespace, String ownerName, String ownerKind) {
        return context.watches().secrets().get(namespace, AclSettings.operatorSecretName(ownerName, ownerKind))
                .map(secret -> value(secret, PodLayout.OPERATOR_PASSWORD_KEY));
    }

    public void forget(ResourceKey key) {
        applied.remove(key);
    }

    /** Reads the user's file and writes the owned Secret, before the StatefulSets are applied (their pods mount it). */
    public State prepare(HasMetadata owner, AclSettings acl, Optional<String> defaultPassword, Optional<SSLSocketFactory> tls) {
        String namespace = owner.getMetadata().getNamespace();
        Optional<AclFile> file = Optional.empty();
        if (acl.secret().isPresent()) {
            String name = acl.secret().get().getSecretName();
            String key = acl.secretKey().orElseThrow();
            Optional<String> text = context.watches().secrets().get(namespace, name).map(s -> value(s, key)).filter(v -> v != null);
            if (text.isEmpty()) {
                return new State(Login.of(List.of()), Optional.empty(), Optional.empty(),
                        Optional.of("the ACL Secret " + name + " or its key " + key + " does not exist"));
            }
            file = Optional.of(AclFile.parse(text.get()));
            if (!file.get().valid()) {
                String problems = String.join("; ", file.get().problems());
                LOG.warn("namespace={} name={} acl file of Secret {} refused: {}", namespace, owner.getMetadata().getName(), name, problems);
                context.events().warning(owner, "AclFileInvalid", "the ACL file of Secret " + name + " is not applied: " + problems);
            }
        }
        Optional<String> defaultRule = defaultPassword.map(OperatorAcl::hashRule);
        String secretName = AclSettings.operatorSecretName(owner.getMetadata().getName(), owner.getKind());
        Optional<Secret> existing = Optional.ofNullable(context.client().secrets().inNamespace(namespace).withName(secretName).get());
        String password = existing.map(s -> value(s, PodLayout.OPERATOR_PASSWORD_KEY)).orElseGet(OperatorAcl::generatePassword);
        Map<String, String> data = new LinkedHashMap<>();
        data.put(PodLayout.OPERATOR_PASSWORD_KEY, password);
        data.put(PodLayout.OPERATOR_USER_ACL_KEY, OperatorAclUser.aclLine(hashRule(password)) + "\n");
        data.put(PodLayout.DEFAULT_USER_ACL_KEY, defaultRule.orElse(""));
        if (acl.secret().isPresent()) {
            // Until a file passed Redis' own check, pods start with the default and the operator's users only.
            Optional<String> kept = existing.map(s -> value(s, PodLayout.ACL_FILE_NAME));
            data.put(PodLayout.ACL_FILE_NAME, kept.orElseGet(() -> ""));
        }
        write(owner, secretName, existing, data);
        Login login = new Login(List.of(Optional.of(password)), Optional.of(OperatorAclUser.NAME), tls);
        return new State(login, file, defaultRule, Optional.empty());
    }

    /**
     * Brings every server to the user's file (Secret mode, a valid file), each at most once per change; returns a
     * problem Redis found in the file, if any (then nothing was changed and the owned Secret keeps the last good file).
     */
    public Optional<String> applyLive(HasMetadata owner, AclSettings acl, State state, List<HostAndPort> servers, Login login) {
        if (state.file().isEmpty() || !state.file().get().valid() || servers.isEmpty()) {
            return Optional.empty();
        }
        AclFile file = state.file().get();
        String text = text(file);
        String fingerprint = sha256(text + "\n" + state.defaultRule().orElse(""));
        Map<String, String> done = applied.computeIfAbsent(ResourceKey.of(owner), k -> new ConcurrentHashMap<>());
        List<HostAndPort> pending = servers.stream().filter(s -> !fingerprint.equals(done.get(s.toString()))).toList();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        try {
            try (NodeSession session = NodeSession.open(pending.get(0), login)) {
                Optional<String> refused = redisRefuses(session, file);
                if (refused.isPresent()) {
                    String why = "Redis refuses the ACL file of Secret " + acl.secret().get().getSecretName() + ": " + refused.get();
                    LOG.warn("namespace={} name={} {}", owner.getMetadata().getNamespace(), owner.getMetadata().getName(), why);
                    context.events().warning(owner, "AclFileInvalid", why + "; nothing was applied");
                    return Optional.of(why);
                }
            }
            for (HostAndPort server : pending) {
                try (NodeSession session = NodeSession.open(server, login)) {
                    Set<String> users = Set.copyOf(session.jedis().aclUsers());
                    for (AclChange.Command command : AclChange.commands(file, state.defaultRule(), users)) {
                        session.jedis().sendCommand(Protocol.Command.ACL, command.args().toArray(String[]::new));
                    }
                    done.put(server.toString(), fingerprint);
                }
            }
        } catch (JedisException e) {
            // A server that does not answer now is brought to the file by a later pass.
            LOG.info("namespace={} name={} acl change not applied everywhere yet: {}", owner.getMetadata().getNamespace(),
                    owner.getMetadata().getName(), e.getMessage());
        }
        done.keySet().retainAll(servers.stream().map(HostAndPort::toString).collect(Collectors.toSet()));
        String secretName = AclSettings.operatorSecretName(owner.getMetadata().getName(), owner.getKind());
        Optional<Secret> existing = Optional.ofNullable(context.client().secrets().inNamespace(owner.getMetadata().getNamespace())
                .withName(secretName).get());
        if (existing.isPresent() && !text.equals(value(existing.get(), PodLayout.ACL_FILE_NAME))) {
            Map<String, String> data = new LinkedHashMap<>();
            existing.get().getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            data.put(PodLayout.ACL_FILE_NAME, text);
            write(owner, secretName, existing, data);
            context.events().normal(owner, "AclApplied", "applied the ACL file live (ACL SETUSER, DELUSER, SAVE) to " + pending.size()
                    + " server(s): users " + file.users().stream().map(AclFile.User::name).collect(Collectors.joining(", ")));
        }
        return Optional.empty();
    }

    /** Redis' own verdict on each user's rules, tried on a scratch user that is deleted again. */
    private static Optional<String> redisRefuses(NodeSession session, AclFile file) {
        try {
            for (AclFile.User user : file.users()) {
                try {
                    session.jedis().sendCommand(Protocol.Command.ACL, AclChange.setUser(SCRATCH_USER, user.rules()).args().toArray(String[]::new));
                } catch (JedisDataException e) {
                    return Optional.of("user " + user.name() + ": " + e.getMessage().replace(SCRATCH_USER, user.name()));
                }
            }
            return Optional.empty();
        } finally {
            session.jedis().sendCommand(Protocol.Command.ACL, "DELUSER", SCRATCH_USER);
        }
    }

    /** The file as the operator copies it: one normalised line per user, which the init script's matching relies on. */
    static String text(AclFile file) {
        return file.users().stream().map(u -> ("user " + u.name() + " " + String.join(" ", u.rules())).strip() + "\n")
                .collect(Collectors.joining());
    }

    private void write(HasMetadata owner, String name, Optional<Secret> existing, Map<String, String> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        if (existing.isPresent() && encoded.equals(existing.get().getData())) {
            return;
        }
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(owner.getMetadata().getNamespace())
                    .withOwnerReferences(Applier.controllerReference(owner))
                .endMetadata()
                .withType("Opaque")
                .withData(encoded)
                .build();
        context.client().secrets().inNamespace(owner.getMetadata().getNamespace()).resource(secret).createOr(current -> current.update());
    }

    private static String value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }

    /** A password as an ACL hash rule: Redis stores only the SHA-256, and so does every file the operator writes. */
    public static String hashRule(String password) {
        return "#" + passwordHash(password);
    }

    /** A password as Redis stores it (and lists it in {@code ACL GETUSER}): the hex SHA-256. */
    public static String passwordHash(String password) {
        return sha256(password);
    }

    private static String sha256(String text) {
        return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString();
    }

    private static String generatePassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

package io.qsredis.operator.acl;

import io.qsredis.renderer.config.OperatorAclUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What brings a running server's users to the user's ACL file, as the {@code config} init container would assemble
 * it at pod start: {@code ACL SETUSER <name> reset <rules>} for every user of the file (the default user's rules
 * followed by the resource's password; a default user with every right when the file has none), {@code ACL DELUSER}
 * for every other user the server has but the operator's own, then {@code ACL SAVE} so that the server's ACL file
 * says the same. Each {@code SETUSER} is atomic, so a client never sees a user half changed.
 */
public final class AclChange {
    public static final String DEFAULT_USER = "default";
    /** The default user's rules when the file has none: what Redis gives it without ACLs. */
    static final List<String> DEFAULT_RULES = List.of("on", "~*", "&*", "+@all");

    private AclChange() {}

    /** One ACL command, as its arguments after {@code ACL}. */
    public record Command(List<String> args) {
        public Command {
            args = List.copyOf(args);
        }

        /** The subcommand and the user, never the rules (a password may be among them). */
        @Override
        public String toString() {
            return "ACL " + args.get(0) + (args.size() > 1 ? " " + args.get(1) : "");
        }
    }

    /**
     * @param file the user's file, valid
     * @param defaultPasswordRule the resource's password as a hash rule ({@code #<sha256>}), empty when there is none
     * @param serverUsers the users the server has now ({@code ACL USERS})
     */
    public static List<Command> commands(AclFile file, Optional<String> defaultPasswordRule, Set<String> serverUsers) {
        List<Command> commands = new ArrayList<>();
        Set<String> wanted = new TreeSet<>(List.of(DEFAULT_USER, OperatorAclUser.NAME));
        boolean hasDefault = false;
        for (AclFile.User user : file.users()) {
            wanted.add(user.name());
            List<String> rules = new ArrayList<>(user.rules());
            if (user.name().equals(DEFAULT_USER)) {
                hasDefault = true;
                defaultPasswordRule.ifPresent(rules::add);
            }
            commands.add(setUser(user.name(), rules));
        }
        if (!hasDefault) {
            List<String> rules = new ArrayList<>(DEFAULT_RULES);
            rules.add(defaultPasswordRule.orElse("nopass"));
            commands.add(setUser(DEFAULT_USER, rules));
        }
        new TreeSet<>(serverUsers).stream().filter(name -> !wanted.contains(name)).forEach(name -> commands.add(new Command(List.of("DELUSER", name))));
        commands.add(new Command(List.of("SAVE")));
        return commands;
    }

    /** Sets a user to exactly these rules. */
    public static Command setUser(String name, List<String> rules) {
        List<String> args = new ArrayList<>(List.of("SETUSER", name, "reset"));
        args.addAll(rules);
        return new Command(args);
    }
}

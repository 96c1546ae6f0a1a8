package io.qsredis.operator.acl;

import io.qsredis.renderer.config.OperatorAclUser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A user's ACL file, parsed as Redis 7 reads one: a {@code user <name> <rule>...} line per user, tokens split on spaces,
 * blank lines skipped; every line that Redis would refuse is reported with its number, so that a bad file is refused
 * before any pod loads it. Whether a command or category name exists only Redis knows; {@link AclChange} asks it.
 *
 * @param users the users in file order, when there is no problem
 * @param problems one entry per bad line, {@code line N: why}; never the line itself, which may carry a password
 */
public record AclFile(List<User> users, List<String> problems) {
    private static final Pattern NAME = Pattern.compile("[^\\s(){}\\[\\]\"']+");
    private static final Pattern HASH = Pattern.compile("[#!][0-9a-f]{64}");
    private static final Set<String> WORDS = Set.of("on", "off", "nopass", "resetpass", "reset", "resetkeys", "resetchannels",
            "allkeys", "allchannels", "allcommands", "nocommands", "sanitize-payload", "skip-sanitize-payload", "clearselectors");

    /** One user: its name and its rules, as Redis takes them after {@code ACL SETUSER <name>}. */
    public record User(String name, List<String> rules) {
        public User {
            rules = List.copyOf(rules);
        }

        /** The rules with passwords hidden, for logs and Events. */
        @Override
        public String toString() {
            return "User[" + name + "]";
        }
    }

    public AclFile {
        users = List.copyOf(users);
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    public static AclFile parse(String text) {
        List<User> users = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (i + 1) + ": ";
            List<String> tokens = List.of(line.split(" +"));
            if (!tokens.get(0).equals("user")) {
                problems.add(where + "a line must start with \"user\" (Redis takes no comments or other directives in an ACL file)");
                continue;
            }
            if (tokens.size() < 2 || !NAME.matcher(tokens.get(1)).matches()) {
                problems.add(where + "\"user\" must be followed by a user name");
                continue;
            }
            String name = tokens.get(1);
            if (name.equals(OperatorAclUser.NAME)) {
                problems.add(where + "user " + name + " is the operator's own user; choose another name");
                continue;
            }
            if (!names.add(name)) {
                problems.add(where + "user " + name + " is defined twice");
                continue;
            }
            List<String> rules = tokens.subList(2, tokens.size());
            List<String> bad = rules.stream().filter(rule -> !ruleSyntax(rule)).map(AclFile::describe).toList();
            if (!bad.isEmpty()) {
                problems.add(where + "user " + name + ": not an ACL rule: " + String.join(", ", bad));
                continue;
            }
            users.add(new User(name, rules));
        }
        return new AclFile(problems.isEmpty() ? users : List.of(), problems);
    }

    private static boolean ruleSyntax(String rule) {
        String lower = rule.toLowerCase(Locale.ROOT);
        if (WORDS.contains(lower)) {
            return true;
        }
        char first = rule.charAt(0);
        return switch (first) {
            case '>', '<' -> rule.length() > 1;
            case '#', '!' -> HASH.matcher(rule).matches();
            case '~', '&' -> true;
            case '%' -> lower.matches("%(r|w|rw)~.*");
            case '+', '-' -> rule.length() > 1 && !rule.substring(1).startsWith("@") || rule.length() > 2;
            case '(' -> rule.endsWith(")");
            default -> false;
        };
    }

    /** A bad rule, shortened; a password rule ({@code >}, {@code <}) is never bad, so none is shown. */
    private static String describe(String rule) {
        return rule.length() > 24 ? "\"" + rule.substring(0, 24) + "...\"" : "\"" + rule + "\"";
    }
}

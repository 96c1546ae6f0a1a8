package io.qsredis.operator.acl;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AclChangeTest {
    private static final String HASH = "#" + "a".repeat(64);

    @Test
    void setsEveryUserOfTheFileAndAddsAFullDefaultUserWithTheResourcesPassword() {
        List<AclChange.Command> commands = AclChange.commands(AclFile.parse("user reader on >r ~* +@read\n"), Optional.of(HASH),
                Set.of("default", "qs-redis-operator"));

        assertThat(commands).extracting(AclChange.Command::args).containsExactly(
                List.of("SETUSER", "reader", "reset", "on", ">r", "~*", "+@read"),
                List.of("SETUSER", "default", "reset", "on", "~*", "&*", "+@all", HASH),
                List.of("SAVE"));
    }

    @Test
    void theDefaultUserOfTheFileKeepsItsRulesAndGetsTheResourcesPasswordLast() {
        List<AclChange.Command> commands = AclChange.commands(AclFile.parse("user default on nopass ~* +@read\n"), Optional.of(HASH), Set.of());

        assertThat(commands.get(0).args()).containsExactly("SETUSER", "default", "reset", "on", "nopass", "~*", "+@read", HASH);
    }

    @Test
    void withoutAPasswordTheDefaultUserIsOpenAsWithoutAcls() {
        List<AclChange.Command> commands = AclChange.commands(AclFile.parse(""), Optional.empty(), Set.of("default"));

        assertThat(commands.get(0).args()).containsExactly("SETUSER", "default", "reset", "on", "~*", "&*", "+@all", "nopass");
    }

    @Test
    void usersNoLongerInTheFileAreDeletedButNeverTheOperatorsOwn() {
        List<AclChange.Command> commands = AclChange.commands(AclFile.parse("user b on >b +@all\n"), Optional.of(HASH),
                Set.of("default", "qs-redis-operator", "a", "b"));

        assertThat(commands).extracting(AclChange.Command::toString)
                .containsExactly("ACL SETUSER b", "ACL SETUSER default", "ACL DELUSER a", "ACL SAVE");
    }
}

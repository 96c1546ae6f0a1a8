package io.qsredis.operator.acl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AclFileTest {

    @Test
    void readsEveryUserWithItsRulesSkippingBlankLines() {
        AclFile file = AclFile.parse("user reader on >secret ~* +@read\n\nuser default on nopass ~* &* +@all\n");

        assertThat(file.problems()).isEmpty();
        assertThat(file.users()).containsExactly(
                new AclFile.User("reader", List.of("on", ">secret", "~*", "+@read")),
                new AclFile.User("default", List.of("on", "nopass", "~*", "&*", "+@all")));
    }

    @Test
    void aLineThatIsNoUserLineIsReportedByNumber() {
        AclFile file = AclFile.parse("user a on >x +@all\n# a comment\n");

        assertThat(file.valid()).isFalse();
        assertThat(file.problems()).singleElement().asString().startsWith("line 2: a line must start with \"user\"");
        assertThat(file.users()).isEmpty();
    }

    @Test
    void aRuleRedisWouldNotParseIsReportedWithoutThePasswords() {
        AclFile file = AclFile.parse("user a on >hunter2 ~* readall\n");

        assertThat(file.problems()).singleElement().asString()
                .isEqualTo("line 1: user a: not an ACL rule: \"readall\"")
                .doesNotContain("hunter2");
    }

    @Test
    void aUserDefinedTwiceIsReported() {
        AclFile file = AclFile.parse("user a on >x +@all\nuser a off\n");

        assertThat(file.problems()).containsExactly("line 2: user a is defined twice");
    }

    @Test
    void theOperatorsOwnUserCannotBeRedefined() {
        AclFile file = AclFile.parse("user qs-redis-operator on nopass +@all\n");

        assertThat(file.problems()).singleElement().asString().contains("is the operator's own user");
    }

    @Test
    void aPasswordHashMustBeSixtyFourHexDigits() {
        assertThat(AclFile.parse("user a on #abc +@all\n").valid()).isFalse();
        assertThat(AclFile.parse("user a on #" + "0".repeat(64) + " +@all\n").valid()).isTrue();
    }
}

package io.qsredis.operator.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.model.RedisCluster;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHistoryTest {
    /** A store that outlives the histories built on it, as the Secret outlives an operator process. */
    private static final class TestingStore implements PasswordHistory.Store {
        final Map<String, List<String>> saved = new HashMap<>();
        int saves;

        @Override
        public List<String> load(HasMetadata owner) {
            return saved.getOrDefault(owner.getMetadata().getName(), List.of());
        }

        @Override
        public void save(HasMetadata owner, List<String> passwords) {
            saves++;
            saved.put(owner.getMetadata().getName(), passwords);
        }
    }

    @Test
    void theDesiredPasswordComesFirstThenThoseAcceptedBefore() {
        PasswordHistory history = new PasswordHistory(PasswordHistory.Store.NONE);
        history.accepted(owner(), Optional.of("old"));
        assertThat(history.candidates(owner(), Optional.of("new"))).containsExactly(Optional.of("new"), Optional.of("old"));
    }

    @Test
    void aNewOperatorProcessKnowsThePasswordsTheLastOneSaw() {
        TestingStore store = new TestingStore();
        new PasswordHistory(store).accepted(owner(), Optional.of("old"));

        PasswordHistory afterRestart = new PasswordHistory(store);

        assertThat(afterRestart.candidates(owner(), Optional.of("new"))).containsExactly(Optional.of("new"), Optional.of("old"));
    }

    @Test
    void anUnchangedHistoryIsNotWrittenAgain() {
        TestingStore store = new TestingStore();
        PasswordHistory history = new PasswordHistory(store);
        history.accepted(owner(), Optional.of("same"));
        history.accepted(owner(), Optional.of("same"));
        history.accepted(owner(), Optional.empty());
        assertThat(store.saves).isEqualTo(1);
    }

    @Test
    void onlyTheLastThreePasswordsAreKept() {
        PasswordHistory history = new PasswordHistory(PasswordHistory.Store.NONE);
        List.of("a", "b", "c", "d").forEach(p -> history.accepted(owner(), Optional.of(p)));
        assertThat(history.candidates(owner(), Optional.empty())).containsExactly(Optional.empty(), Optional.of("d"), Optional.of("c"), Optional.of("b"));
    }

    private static RedisCluster owner() {
        RedisCluster cluster = new RedisCluster();
        cluster.getMetadata().setName("shop");
        cluster.getMetadata().setNamespace("default");
        return cluster;
    }
}

package io.qsredis.testbed;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackAddressPoolTest {

    /** A random block, so that a concurrent test JVM does not pick the same one. */
    private static final String BLOCK = "127." + ThreadLocalRandom.current().nextInt(1, 255) + "."
            + ThreadLocalRandom.current().nextInt(0, 256) + ".";

    /** A port nobody uses here, so that a test holds it without colliding with a pod port. */
    private static final int PORT = 6399;

    @Test
    void handsOutAddressesInOrderAndAReleasedOneLast() {
        LoopbackAddressPool pool = new LoopbackAddressPool(BLOCK + "10", 3, List.of(PORT));

        String first = pool.acquire();
        String second = pool.acquire();
        pool.release(first);

        assertThat(List.of(first, second, pool.acquire(), pool.acquire()))
                .containsExactly(BLOCK + "10", BLOCK + "11", BLOCK + "12", BLOCK + "10");
    }

    @Test
    void skipsAnAddressWhosePortAnotherProcessHolds() throws Exception {
        LoopbackAddressPool pool = new LoopbackAddressPool(BLOCK + "20", 2, List.of(PORT));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(BLOCK + "20"), PORT));

            assertThat(pool.acquire()).isEqualTo(BLOCK + "21");
            assertThatThrownBy(pool::acquire).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void refusesAddressesOutsideLoopback() {
        assertThatThrownBy(() -> new LoopbackAddressPool("10.0.0.1", 2, List.of(PORT)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

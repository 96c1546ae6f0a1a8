package io.qsredis.testbed;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How to start a {@link Testbed}.
 *
 * @param firstAddress the first pod address, a loopback address; pods get this one and those above it
 * @param addressCount how many pod addresses the testbed may hand out
 * @param stateDirectory where claims, pod volumes and logs live; null for a temporary directory that is
 *     deleted on close (a given directory is kept)
 */
public record TestbedConfig(String firstAddress, int addressCount, Path stateDirectory) {

    /** The sandbox's addresses: 127.0.0.10 to 127.0.0.254, in a temporary directory. */
    public static TestbedConfig sandbox() {
        return new TestbedConfig("127.0.0.10", 245, null);
    }

    /**
     * A random block of 200 addresses 127.A.B.10 to 127.A.B.209 (A and B random, never 127.0.0.x), in a
     * temporary directory: for tests, which must not meet a running sandbox or another test JVM.
     */
    public static TestbedConfig isolated() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new TestbedConfig("127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + ".10", 200, null);
    }
}

package io.qsredis.testbed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Pod addresses: a block of loopback addresses (Linux routes all of 127.0.0.0/8 to the loopback device, so
 * no alias is needed) handed out least recently used first, so that a re-created pod gets a new address as
 * on Kubernetes. An address whose pod ports are already bound (a concurrent sandbox, another test JVM) is
 * skipped.
 */
final class LoopbackAddressPool {

    /** The ports a pod's containers listen on: Redis, its cluster bus, Sentinel. */
    static final List<Integer> POD_PORTS = List.of(6379, 16379, 26379);

    private final Deque<String> free = new ArrayDeque<>();
    private final List<Integer> podPorts;

    /** {@code count} addresses from {@code first} upward, each checked for {@code podPorts}. */
    LoopbackAddressPool(String first, int count, List<Integer> podPorts) {
        byte[] address = parse(first).getAddress();
        if (address[0] != 127) {
            throw new IllegalArgumentException("not a loopback address: " + first);
        }
        int base = ((address[1] & 0xff) << 16) | ((address[2] & 0xff) << 8) | (address[3] & 0xff);
        if (count < 1 || base + count > 0xffffff) {
            throw new IllegalArgumentException(count + " addresses from " + first + " leave 127.0.0.0/8");
        }
        for (int i = 0; i < count; i++) {
            int n = base + i;
            free.add("127." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff));
        }
        this.podPorts = List.copyOf(podPorts);
    }

    /** The least recently used address whose pod ports are free. */
    synchronized String acquire() {
        for (int tries = free.size(); tries > 0; tries--) {
            String candidate = free.poll();
            if (portsFree(candidate)) {
                return candidate;
            }
            free.add(candidate);
        }
        throw new IllegalStateException("no free loopback address left in the pool: every address has "
                + podPorts + " bound by another process");
    }

    /** Returns an address; it is handed out again only after every other free one. */
    synchronized void release(String address) {
        free.add(address);
    }

    private boolean portsFree(String address) {
        InetAddress inet = parse(address);
        for (int port : podPorts) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(inet, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress parse(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }
}

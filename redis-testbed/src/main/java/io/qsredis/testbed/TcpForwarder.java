package io.qsredis.testbed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One listening address of the testbed's kube-proxy: every connection accepted on it is joined to a new connection to
 * one of its targets (each in turn), bytes copied both ways until either side closes. Closing stops the listener and
 * every connection it joined, as the connections to a Service's node port break when kube-proxy drops its rules.
 */
final class TcpForwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpForwarder.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger turn = new AtomicInteger();
    private volatile List<ProxyRoutes.Target> targets;

    private TcpForwarder(ServerSocket server, List<ProxyRoutes.Target> targets, ExecutorService threads) {
        this.server = server;
        this.targets = List.copyOf(targets);
        this.threads = threads;
    }

    /** Listens on {@code host:port} and forwards to {@code targets}; the accept loop and the copies run on {@code threads}. */
    static TcpForwarder open(String host, int port, List<ProxyRoutes.Target> targets, ExecutorService threads) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        TcpForwarder forwarder = new TcpForwarder(server, targets, threads);
        threads.execute(forwarder::accept);
        return forwarder;
    }

    /** New connections go to {@code targets} from now on; joined ones are left alone. */
    void retarget(List<ProxyRoutes.Target> targets) {
        this.targets = List.copyOf(targets);
    }

    List<ProxyRoutes.Target> targets() {
        return targets;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                threads.execute(() -> join(client));
            } catch (RejectedExecutionException e) {
                closeQuietly(client);
            }
        }
    }

    private void join(Socket client) {
        List<ProxyRoutes.Target> now = targets;
        ProxyRoutes.Target target = now.get(Math.floorMod(turn.getAndIncrement(), now.size()));
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MILLIS);
            upstream.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            LOG.debug("forward refused listen={} target={}:{} reason={}", server.getLocalSocketAddress(), target.host(), target.port(), e.toString());
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        AtomicInteger finished = new AtomicInteger();
        try {
            threads.execute(() -> copy(client, upstream, finished));
        } catch (RejectedExecutionException e) {
            release(client, upstream);
            return;
        }
        copy(upstream, client, finished);
    }

    /** Copies until end of stream, then half-closes the other side; once both directions ended (or one failed), closes both. */
    private void copy(Socket from, Socket to, AtomicInteger finished) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
            }
            to.shutdownOutput();
            if (finished.incrementAndGet() == 2) {
                release(from, to);
            }
        } catch (IOException e) {
            release(from, to);
        }
    }

    private void release(Socket a, Socket b) {
        open.remove(a);
        open.remove(b);
        closeQuietly(a);
        closeQuietly(b);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("listener not closed listen={}", server.getLocalSocketAddress(), e);
        }
        open.forEach(TcpForwarder::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already broken: nothing left to release
        }
    }
}

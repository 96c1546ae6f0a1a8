package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The testbed's kube-proxy and cloud load balancer controller: serves every NodePort and LoadBalancer Service's node
 * ports on the host IP of each pod behind it, and gives each LoadBalancer Service an address of its own (a loopback
 * address from the pods' pool, written to {@code status.loadBalancer.ingress}) on which its ports reach its pods
 * ({@link ProxyRoutes}). Changes of Services and pods are coalesced into one pass that opens, re-targets and closes
 * listeners ({@link TcpForwarder}); a listener that cannot bind now is tried again a second later.
 */
final class NodePortProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodePortProxy.class);
    private static final long COALESCE_MILLIS = 50;

    private record Listen(String host, int port) {}

    private final KubernetesClient client;
    private final LoopbackAddressPool addresses;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "testbed-kube-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger connectionThreads = new AtomicInteger();
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "testbed-kube-proxy-" + connectionThreads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Map<Listen, TcpForwarder> listening = new HashMap<>();
    /** The load balancer address of each LoadBalancer Service, by namespace/name. */
    private final Map<String, String> balancers = new HashMap<>();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;

    NodePortProxy(KubernetesClient client, LoopbackAddressPool addresses) {
        this.client = client;
        this.addresses = addresses;
    }

    void watch(SharedIndexInformer<Service> services, SharedIndexInformer<Pod> pods) {
        this.services = services;
        this.pods = pods;
        services.addEventHandler(new Changes<>());
        pods.addEventHandler(new Changes<>());
    }

    private final class Changes<T> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T object) {
            schedule();
        }

        @Override
        public void onUpdate(T before, T object) {
            schedule();
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            schedule();
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true) && !thread.isShutdown()) {
            thread.schedule(this::sync, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void sync() {
        scheduled.set(false);
        List<Pod> allPods = pods.getStore().list();
        Map<Listen, List<ProxyRoutes.Target>> desired = new HashMap<>();
        Set<String> balanced = new HashSet<>();
        boolean retry = false;
        for (Service service : services.getStore().list()) {
            String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
            Optional<String> balancer = Optional.empty();
            if (service.getSpec() != null && "LoadBalancer".equals(service.getSpec().getType())) {
                balanced.add(key);
                balancer = balancer(key);
                retry |= balancer.isEmpty() || !published(service, balancer.get());
            }
            for (ProxyRoutes.Route route : ProxyRoutes.of(service, allPods, balancer)) {
                desired.put(new Listen(route.host(), route.port()), route.targets());
            }
        }
        balancers.keySet().removeIf(key -> {
            if (balanced.contains(key)) {
                return false;
            }
            addresses.release(balancers.get(key));
            return true;
        });
        listening.entrySet().removeIf(entry -> {
            if (desired.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            LOG.info("stopped forwarding listen={}:{}", entry.getKey().host(), entry.getKey().port());
            return true;
        });
        for (Map.Entry<Listen, List<ProxyRoutes.Target>> route : desired.entrySet()) {
            TcpForwarder forwarder = listening.get(route.getKey());
            if (forwarder != null) {
                if (!forwarder.targets().equals(route.getValue())) {
                    forwarder.retarget(route.getValue());
                    LOG.info("forwarding listen={}:{} targets={}", route.getKey().host(), route.getKey().port(), route.getValue());
                }
                continue;
            }
            try {
                listening.put(route.getKey(), TcpForwarder.open(route.getKey().host(), route.getKey().port(), route.getValue(), connections));
                LOG.info("forwarding listen={}:{} targets={}", route.getKey().host(), route.getKey().port(), route.getValue());
            } catch (IOException e) {
                LOG.warn("cannot listen, retrying listen={}:{} reason={}", route.getKey().host(), route.getKey().port(), e.toString());
                retry = true;
            }
        }
        if (retry && !thread.isShutdown()) {
            thread.schedule(this::schedule, 1, TimeUnit.SECONDS);
        }
    }

    /** The Service's load balancer address, taken from the pool the first time; empty while the pool has none. */
    private Optional<String> balancer(String key) {
        String address = balancers.get(key);
        if (address == null) {
            try {
                address = addresses.acquire();
            } catch (IllegalStateException e) {
                LOG.warn("load balancer waiting for an address service={} reason={}", key, e.getMessage());
                return Optional.empty();
            }
            balancers.put(key, address);
        }
        return Optional.of(address);
    }

    /** Whether {@code status.loadBalancer.ingress} names {@code address}; writes it when not, false if that failed. */
    private boolean published(Service service, String address) {
        List<LoadBalancerIngress> ingress = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                ? null
                : service.getStatus().getLoadBalancer().getIngress();
        if (ingress != null && ingress.size() == 1 && Objects.equals(ingress.get(0).getIp(), address)) {
            return true;
        }
        try {
            client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"" + address + "\"}]}}}");
            return true;
        } catch (KubernetesClientException e) {
            LOG.info("load balancer status not written, retrying service={}/{} code={}", service.getMetadata().getNamespace(),
                    service.getMetadata().getName(), e.getCode());
            return false;
        }
    }

    /** Stops every listener and the connections they joined, and frees the load balancer addresses. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listening.values().forEach(TcpForwarder::close);
        listening.clear();
        balancers.values().forEach(addresses::release);
        balancers.clear();
        connections.shutdownNow();
    }
}

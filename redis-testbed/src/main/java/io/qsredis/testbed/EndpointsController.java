package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The endpoints controller: keeps an Endpoints object per Service with a selector, named after the Service,
 * listing its pods' addresses ({@link ServiceEndpoints}); deletes it with the Service. Changes of pods and
 * Services are coalesced into one pass over every Service, which also tells listeners of the testbed's
 * endpoints when they changed.
 */
final class EndpointsController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointsController.class);
    private static final long COALESCE_MILLIS = 50;

    private final KubernetesClient client;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "testbed-endpoints-controller");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<Consumer<TestbedEndpoints>> listeners = new CopyOnWriteArrayList<>();
    private TestbedEndpoints notified;
    /** The subsets last written per namespace/name, so that an unchanged Service costs no request. */
    private final Map<String, List<EndpointSubset>> written = new HashMap<>();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;

    EndpointsController(KubernetesClient client) {
        this.client = client;
    }

    void watch(SharedIndexInformer<Service> services, SharedIndexInformer<Pod> pods) {
        this.services = services;
        this.pods = pods;
        services.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service service) {
                schedule();
            }

            @Override
            public void onUpdate(Service before, Service service) {
                schedule();
            }

            @Override
            public void onDelete(Service service, boolean finalStateUnknown) {
                thread.execute(() -> {
                    written.remove(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName());
                    client.endpoints().inNamespace(service.getMetadata().getNamespace())
                            .withName(service.getMetadata().getName()).delete();
                });
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                schedule();
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                schedule();
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                schedule();
            }
        });
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true) && !thread.isShutdown()) {
            thread.schedule(this::syncAll, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Where each Service and pod is reachable now, from the informers' view. */
    TestbedEndpoints current() {
        List<Pod> allPods = pods.getStore().list();
        Map<String, List<String>> byService = new LinkedHashMap<>();
        for (Service service : services.getStore().list()) {
            if (ServiceEndpoints.hasSelector(service)) {
                byService.put(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName(),
                        ServiceEndpoints.addresses(service, allPods));
            }
        }
        Map<String, String> byPod = new LinkedHashMap<>();
        for (Pod pod : allPods) {
            if (pod.getStatus() != null && pod.getStatus().getPodIP() != null && pod.getMetadata().getDeletionTimestamp() == null) {
                byPod.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod.getStatus().getPodIP());
            }
        }
        return new TestbedEndpoints(byService, byPod);
    }

    /** Tells {@code listener} the endpoints each time they change, from the controller's thread. */
    void onChange(Consumer<TestbedEndpoints> listener) {
        listeners.add(listener);
        schedule();
    }

    private void syncAll() {
        scheduled.set(false);
        notifyListeners();
        List<Pod> allPods = pods.getStore().list();
        for (Service service : services.getStore().list()) {
            Optional<Endpoints> desired = ServiceEndpoints.of(service, allPods);
            if (desired.isEmpty()) {
                continue;
            }
            try {
                write(desired.get());
            } catch (KubernetesClientException e) {
                LOG.info("endpoints not written, retrying namespace={} service={} code={}",
                        service.getMetadata().getNamespace(), service.getMetadata().getName(), e.getCode());
                thread.schedule(this::schedule, 1, TimeUnit.SECONDS);
            }
        }
    }

    private void notifyListeners() {
        if (listeners.isEmpty()) {
            return;
        }
        TestbedEndpoints now = current();
        if (!now.equals(notified)) {
            notified = now;
            listeners.forEach(listener -> listener.accept(now));
        }
    }

    private void write(Endpoints desired) {
        String key = desired.getMetadata().getNamespace() + "/" + desired.getMetadata().getName();
        if (desired.getSubsets().equals(written.get(key))) {
            return;
        }
        Endpoints current = client.endpoints().inNamespace(desired.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName()).get();
        if (current == null) {
            client.resource(desired).create();
        } else if (!Objects.equals(current.getSubsets(), desired.getSubsets())
                || !Objects.equals(current.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
            desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            client.resource(desired).update();
        }
        written.put(key, desired.getSubsets());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.operator.kube.EventRecorder;
import io.qsredis.operator.kube.InformerSet;
import io.qsredis.operator.kube.Watches;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.metrics.OperatorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every kind's pass shares, around its {@link Reconciler}: find the resource in the cache; finalize it when it is
 * being deleted (delete its data PVCs unless {@code storage.keepAfterDelete}, then drop the finalizer; what it owns
 * goes with it through owner references, by the API server's garbage collector or the testbed's);
 * honour {@code <kind>.opstreelabs.in/skip-reconcile: "true"}; add the finalizer; run the pass and time it.
 */
public final class Controller {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final KubernetesClient client;
    private final Watches watches;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Map<String, Reconciler<?>> reconcilers = new LinkedHashMap<>();

    public Controller(KubernetesClient client, Watches watches, EventRecorder events, OperatorMetrics metrics, List<Reconciler<?>> reconcilers) {
        this.client = client;
        this.watches = watches;
        this.events = events;
        this.metrics = metrics;
        reconcilers.forEach(r -> this.reconcilers.put(r.kind().kind(), r));
    }

    /** The annotation that pauses reconciling one resource, e.g. {@code redisreplication.opstreelabs.in/skip-reconcile}. */
    public static String skipReconcileAnnotation(String kind) {
        return kind.toLowerCase(Locale.ROOT) + ".opstreelabs.in/skip-reconcile";
    }

    public Outcome handle(ResourceKey key) throws Exception {
        Reconciler<?> reconciler = reconcilers.get(key.kind());
        if (reconciler == null) {
            throw new IllegalArgumentException("no reconciler for " + key);
        }
        return handle(key, reconciler);
    }

    private <P extends CustomResource<?, ?>> Outcome handle(ResourceKey key, Reconciler<P> reconciler) throws Exception {
        InformerSet<P> cache = watches.primaries(reconciler.kind().type());
        Optional<P> found = cache.get(key.namespace(), key.name());
        if (found.isEmpty()) {
            metrics.forget(key);
            reconciler.forget(key);
            return Outcome.done();
        }
        P resource = found.get();
        long started = System.nanoTime();
        boolean failed = true;
        try {
            Outcome outcome = pass(reconciler, resource);
            failed = false;
            return outcome;
        } finally {
            metrics.reconciled(key.kind(), Duration.ofNanos(System.nanoTime() - started), failed);
        }
    }

    private <P extends CustomResource<?, ?>> Outcome pass(Reconciler<P> reconciler, P resource) throws Exception {
        List<String> finalizers = resource.getMetadata().getFinalizers() == null ? List.of() : resource.getMetadata().getFinalizers();
        if (resource.getMetadata().getDeletionTimestamp() != null) {
            if (finalizers.contains(reconciler.finalizer())) {
                finalizeDeletion(reconciler, resource, finalizers);
            }
            return Outcome.done();
        }
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        if (annotations != null && "true".equalsIgnoreCase(annotations.get(skipReconcileAnnotation(resource.getKind())))) {
            events.normal(resource, "ReconcileSkipped", "annotation " + skipReconcileAnnotation(resource.getKind())
                    + " is \"true\": the operator leaves this resource and its pods alone");
            return Outcome.done();
        }
        if (!finalizers.contains(reconciler.finalizer())) {
            List<String> withOurs = new ArrayList<>(finalizers);
            withOurs.add(reconciler.finalizer());
            resource = updateFinalizers(resource, withOurs);
        }
        return reconciler.reconcile(resource);
    }

    private <P extends CustomResource<?, ?>> void finalizeDeletion(Reconciler<P> reconciler, P resource, List<String> finalizers) {
        String namespace = resource.getMetadata().getNamespace();
        List<String> deleted = new ArrayList<>();
        List<String> statefulSets = reconciler.statefulSetsWithData(resource);
        if (reconciler.keepsDataAfterDelete(resource)) {
            if (!statefulSets.isEmpty()) {
                events.normal(resource, "DataKept", "storage.keepAfterDelete is true: the PVCs of " + String.join(", ", statefulSets) + " are kept");
            }
        } else {
            for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inNamespace(namespace).list().getItems()) {
                String name = claim.getMetadata().getName();
                if (statefulSets.stream().anyMatch(sts -> Pattern.matches(Pattern.quote(sts + "-" + sts + "-") + "[0-9]+", name))) {
                    client.persistentVolumeClaims().inNamespace(namespace).withName(name).delete();
                    deleted.add("PersistentVolumeClaim/" + name);
                }
            }
        }
        if (!deleted.isEmpty()) {
            events.normal(resource, "Finalized", "deleted " + String.join(", ", deleted));
        }
        List<String> remaining = new ArrayList<>(finalizers);
        remaining.remove(reconciler.finalizer());
        updateFinalizers(resource, remaining);
        LOG.info("namespace={} kind={} name={} finalized deleted={}", namespace, resource.getKind(), resource.getMetadata().getName(), deleted.size());
    }

    /**
     * An update with the resourceVersion the pass read: a concurrent change fails it rather than dropping another
     * controller's finalizer. Not a merge patch: the test API server appends to lists in one.
     */
    private <P extends CustomResource<?, ?>> P updateFinalizers(P resource, List<String> finalizers) {
        P copy = client.getKubernetesSerialization().clone(resource);
        copy.getMetadata().setFinalizers(finalizers);
        return client.resource(copy).update();
    }
}

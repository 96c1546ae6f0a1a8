package io.qsredis.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The informers of one resource type over the watched namespaces (one informer per namespace, or a single one
 * over all namespaces), read as one cache.
 */
public final class InformerSet<T extends HasMetadata> implements AutoCloseable {
    private final Class<T> type;
    private final List<SharedIndexInformer<T>> informers;

    private InformerSet(Class<T> type, List<SharedIndexInformer<T>> informers) {
        this.type = type;
        this.informers = informers;
    }

    /** Creates (but does not start) the informers, with {@code indexers} and {@code handler} on each. */
    public static <T extends HasMetadata> InformerSet<T> create(
            KubernetesClient client,
            Class<T> type,
            WatchNamespaces namespaces,
            Map<String, Function<T, List<String>>> indexers,
            ResourceEventHandler<T> handler) {
        List<SharedIndexInformer<T>> informers = new ArrayList<>();
        if (namespaces.isAll()) {
            informers.add(client.resources(type).inAnyNamespace().runnableInformer(0));
        } else {
            for (String namespace : namespaces.names()) {
                informers.add(client.resources(type).inNamespace(namespace).runnableInformer(0));
            }
        }
        for (SharedIndexInformer<T> informer : informers) {
            if (!indexers.isEmpty()) {
                informer.addIndexers(indexers);
            }
            informer.addEventHandler(handler);
        }
        return new InformerSet<>(type, informers);
    }

    public Class<T> type() {
        return type;
    }

    /** Starts every informer; completes when each has listed its namespace once. */
    public CompletableFuture<Void> start() {
        return CompletableFuture.allOf(informers.stream()
                .map(informer -> informer.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    public boolean hasSynced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    public Optional<T> get(String namespace, String name) {
        String key = Cache.namespaceKeyFunc(namespace, name);
        for (SharedIndexInformer<T> informer : informers) {
            T item = informer.getStore().getByKey(key);
            if (item != null) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    public List<T> list() {
        List<T> all = new ArrayList<>();
        informers.forEach(informer -> all.addAll(informer.getStore().list()));
        return all;
    }

    public List<T> list(String namespace) {
        List<T> items = new ArrayList<>();
        informers.forEach(informer -> items.addAll(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)));
        return items;
    }

    public List<T> byIndex(String indexName, String value) {
        List<T> items = new ArrayList<>();
        informers.forEach(informer -> items.addAll(informer.getIndexer().byIndex(indexName, value)));
        return items;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}

package io.qsredis.operator.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.qsredis.model.RedisApi;
import io.qsredis.operator.loop.ResourceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Informers on the primary kinds and on every kind they own, each event mapped to the queue keys of the custom
 * resources it concerns.
 *
 * <ul>
 *   <li>a primary: itself, and every primary that {@linkplain PrimaryKind#watches() watches} it;
 *   <li>a StatefulSet, Service, ConfigMap, PDB or Secret: its controlling owner when that is one of our kinds;
 *   <li>a Pod: the owner of its controlling StatefulSet;
 *   <li>a Secret: also every primary whose spec names it, so a missing Secret is picked up when it appears.
 * </ul>
 * Anything mapped to a key also reaches the primaries that watch that key.
 */
public final class Watches implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watches.class);
    private static final String SECRETS_INDEX = "secrets";
    private static final String WATCHES_INDEX = "watches";

    private final Map<Class<?>, InformerSet<?>> primaries = new HashMap<>();
    private final InformerSet<StatefulSet> statefulSets;
    private final InformerSet<Service> services;
    private final InformerSet<ConfigMap> configMaps;
    private final InformerSet<Secret> secrets;
    private final InformerSet<PodDisruptionBudget> podDisruptionBudgets;
    private final InformerSet<Pod> pods;
    private final Set<String> primaryKinds = new LinkedHashSet<>();
    private final Consumer<ResourceKey> sink;

    public Watches(KubernetesClient client, WatchNamespaces namespaces, List<PrimaryKind<?>> kinds, Consumer<ResourceKey> sink) {
        this.sink = sink;
        for (PrimaryKind<?> kind : kinds) {
            primaryKinds.add(kind.kind());
            primaries.put(kind.type(), primaryInformers(client, namespaces, kind));
        }
        this.statefulSets = owned(client, namespaces, StatefulSet.class, this::ownerKeys);
        this.services = owned(client, namespaces, Service.class, this::ownerKeys);
        this.configMaps = owned(client, namespaces, ConfigMap.class, this::ownerKeys);
        this.podDisruptionBudgets = owned(client, namespaces, PodDisruptionBudget.class, this::ownerKeys);
        this.secrets = owned(client, namespaces, Secret.class, this::secretKeys);
        this.pods = owned(client, namespaces, Pod.class, this::podKeys);
    }

    private <P extends HasMetadata> InformerSet<P> primaryInformers(KubernetesClient client, WatchNamespaces namespaces, PrimaryKind<P> kind) {
        Map<String, Function<P, List<String>>> indexers = Map.of(
                SECRETS_INDEX, p -> kind.secretNames().apply(p).stream()
                        .map(name -> p.getMetadata().getNamespace() + "/" + name)
                        .toList(),
                WATCHES_INDEX, p -> kind.watches().apply(p).stream().map(ResourceKey::toString).toList());
        return InformerSet.create(client, kind.type(), namespaces, indexers, handler(p -> Set.of(ResourceKey.of(p))));
    }

    private <T extends HasMetadata> InformerSet<T> owned(
            KubernetesClient client, WatchNamespaces namespaces, Class<T> type, Function<T, Set<ResourceKey>> keys) {
        return InformerSet.create(client, type, namespaces, Map.of(), handler(keys));
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(Function<T, Set<ResourceKey>> keys) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                emit(keys.apply(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
                    emit(keys.apply(newObj));
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                emit(keys.apply(obj));
            }
        };
    }

    private void emit(Set<ResourceKey> keys) {
        for (ResourceKey key : keys) {
            sink.accept(key);
            for (InformerSet<?> informers : primaries.values()) {
                informers.byIndex(WATCHES_INDEX, key.toString()).forEach(watcher -> sink.accept(ResourceKey.of(watcher)));
            }
        }
    }

    private Set<ResourceKey> ownerKeys(HasMetadata owned) {
        return controller(owned)
                .filter(ref -> RedisApi.API_VERSION.equals(ref.getApiVersion()) && primaryKinds.contains(ref.getKind()))
                .map(ref -> Set.of(new ResourceKey(ref.getKind(), owned.getMetadata().getNamespace(), ref.getName())))
                .orElse(Set.of());
    }

    private Set<ResourceKey> secretKeys(Secret secret) {
        Set<ResourceKey> keys = new LinkedHashSet<>(ownerKeys(secret));
        String indexKey = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
        for (InformerSet<?> informers : primaries.values()) {
            informers.byIndex(SECRETS_INDEX, indexKey).forEach(p -> keys.add(ResourceKey.of(p)));
        }
        return keys;
    }

    private Set<ResourceKey> podKeys(Pod pod) {
        return controller(pod)
                .filter(ref -> "StatefulSet".equals(ref.getKind()))
                .flatMap(ref -> statefulSets.get(pod.getMetadata().getNamespace(), ref.getName()))
                .map(this::ownerKeys)
                .orElse(Set.of());
    }

    private static Optional<OwnerReference> controller(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs == null ? Optional.empty() : refs.stream().filter(ref -> Boolean.TRUE.equals(ref.getController())).findFirst();
    }

    /** Starts every informer; completes when all have listed once. */
    public CompletableFuture<Void> start() {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        primaries.values().forEach(informers -> started.add(informers.start()));
        for (InformerSet<?> informers : List.of(statefulSets, services, configMaps, podDisruptionBudgets, secrets, pods)) {
            started.add(informers.start());
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                .whenComplete((ok, error) -> LOG.info("informers started synced={} error={}", hasSynced(), String.valueOf(error)));
    }

    public boolean hasSynced() {
        return primaries.values().stream().allMatch(InformerSet::hasSynced)
                && List.of(statefulSets, services, configMaps, podDisruptionBudgets, secrets, pods).stream().allMatch(InformerSet::hasSynced);
    }

    @SuppressWarnings("unchecked")
    public <P extends HasMetadata> InformerSet<P> primaries(Class<P> type) {
        InformerSet<P> informers = (InformerSet<P>) primaries.get(type);
        if (informers == null) {
            throw new IllegalArgumentException("not a watched primary kind: " + type.getSimpleName());
        }
        return informers;
    }

    /** Every primary in the caches, for the periodic resync. */
    public List<ResourceKey> primaryKeys() {
        List<ResourceKey> keys = new ArrayList<>();
        primaries.values().forEach(informers -> informers.list().forEach(p -> keys.add(ResourceKey.of(p))));
        return keys;
    }

    public InformerSet<Secret> secrets() {
        return secrets;
    }

    public InformerSet<Pod> pods() {
        return pods;
    }

    /** The Services the resources own (a pod's own Service among them, with its allocated node ports). */
    public InformerSet<Service> services() {
        return services;
    }

    @Override
    public void close() {
        primaries.values().forEach(InformerSet::close);
        for (InformerSet<?> informers : List.of(statefulSets, services, configMaps, podDisruptionBudgets, secrets, pods)) {
            informers.close();
        }
    }
}

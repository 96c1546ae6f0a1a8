package io.qsredis.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.qsredis.operator.loop.ResourceKey;

import java.util.Set;
import java.util.function.Function;

/**
 * A custom resource kind the operator reconciles, with what its spec points at outside its own objects.
 *
 * @param kind the Kubernetes kind, the first part of its queue keys
 * @param type the fabric8 class
 * @param secretNames the names of the Secrets (in its namespace) whose contents it reads, so that a change to
 *     one of them (or its creation, when it was missing) reconciles it again
 * @param watches other custom resources whose changes it follows (a RedisSentinel follows its RedisReplication)
 */
public record PrimaryKind<P extends HasMetadata>(
        String kind, Class<P> type, Function<P, Set<String>> secretNames, Function<P, Set<ResourceKey>> watches) {

    public static <P extends HasMetadata> PrimaryKind<P> of(String kind, Class<P> type, Function<P, Set<String>> secretNames) {
        return new PrimaryKind<>(kind, type, secretNames, p -> Set.of());
    }
}

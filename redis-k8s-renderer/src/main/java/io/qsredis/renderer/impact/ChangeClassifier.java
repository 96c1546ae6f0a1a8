package io.qsredis.renderer.impact;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.CommonSpec;
import io.qsredis.renderer.DesiredObject;
import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.PodLayout;
import io.qsredis.renderer.RenderOptions;
import io.qsredis.renderer.impact.ChangeAssessment.Change;
import io.qsredis.renderer.model.RedisClusterModel;
import io.qsredis.renderer.model.RedisModel;
import io.qsredis.renderer.model.RedisReplicationModel;
import io.qsredis.renderer.model.RedisSentinelModel;
import io.qsredis.renderer.resources.RedisClusterRenderer;
import io.qsredis.renderer.resources.RedisRenderer;
import io.qsredis.renderer.resources.RedisReplicationRenderer;
import io.qsredis.renderer.resources.RedisSentinelRenderer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Classifies the change from an old to a new spec of one resource by rendering both and comparing the objects,
 * so that no field can be forgotten: anything that changes a pod template restarts pods unless it is known to be
 * live. The password Secret reference is the one live field inside the pod template (the operator sets the new
 * password with CONFIG SET), so the new spec is also rendered with the old reference to tell it apart.
 *
 * @throws io.qsredis.renderer.model.InvalidSpecException from the methods when either spec cannot be rendered
 */
public final class ChangeClassifier {
    private ChangeClassifier() {}

    public static ChangeAssessment classify(Redis before, Redis after, RenderOptions options) {
        Function<Redis, DesiredObjects> render = cr -> RedisRenderer.render(RedisModel.fromCr(cr, options));
        return compare(render.apply(before), render.apply(after),
                render.apply(withPasswordOf(before, after)), Set.of(), List.of());
    }

    public static ChangeAssessment classify(RedisReplication before, RedisReplication after, RenderOptions options) {
        Function<RedisReplication, DesiredObjects> render = cr -> RedisReplicationRenderer.render(RedisReplicationModel.fromCr(cr, options));
        RedisReplicationModel oldModel = RedisReplicationModel.fromCr(before, options);
        RedisReplicationModel newModel = RedisReplicationModel.fromCr(after, options);
        List<Change> monitor = new ArrayList<>();
        if (oldModel.sentinelMonitor().isPresent() && newModel.sentinelMonitor().isPresent()
                && !oldModel.sentinelMonitor().equals(newModel.sentinelMonitor())) {
            monitor.add(new Change(ChangeReason.SENTINEL_MONITOR_CHANGED, "StatefulSet", newModel.sentinels().orElseThrow().name()));
        }
        return compare(render.apply(before), render.apply(after), render.apply(withPasswordOf(before, after)), Set.of(), monitor);
    }

    public static ChangeAssessment classify(RedisSentinel before, RedisSentinel after, RenderOptions options) {
        RedisSentinelModel oldModel = RedisSentinelModel.fromCr(before, options);
        RedisSentinelModel newModel = RedisSentinelModel.fromCr(after, options);
        List<Change> monitor = oldModel.monitor().equals(newModel.monitor())
                ? List.of()
                : List.of(new Change(ChangeReason.SENTINEL_MONITOR_CHANGED, "StatefulSet", newModel.sentinels().name()));
        DesiredObjects rendered = RedisSentinelRenderer.render(newModel);
        return compare(RedisSentinelRenderer.render(oldModel), rendered, rendered, Set.of(), monitor);
    }

    public static ChangeAssessment classify(RedisCluster before, RedisCluster after, RenderOptions options) {
        Function<RedisCluster, DesiredObjects> render = cr -> RedisClusterRenderer.render(RedisClusterModel.fromCr(cr, options));
        String leaders = RedisClusterModel.fromCr(after, options).leaders().name();
        return compare(render.apply(before), render.apply(after), render.apply(withPasswordOf(before, after)), Set.of(leaders), List.of());
    }

    /** For callers holding resources of any of the four kinds; both must be of the same kind. */
    public static ChangeAssessment classify(HasMetadata before, HasMetadata after, RenderOptions options) {
        if (before instanceof Redis oldRedis && after instanceof Redis newRedis) {
            return classify(oldRedis, newRedis, options);
        }
        if (before instanceof RedisReplication oldReplication && after instanceof RedisReplication newReplication) {
            return classify(oldReplication, newReplication, options);
        }
        if (before instanceof RedisSentinel oldSentinel && after instanceof RedisSentinel newSentinel) {
            return classify(oldSentinel, newSentinel, options);
        }
        if (before instanceof RedisCluster oldCluster && after instanceof RedisCluster newCluster) {
            return classify(oldCluster, newCluster, options);
        }
        throw new IllegalArgumentException("cannot compare " + before.getKind() + " with " + after.getKind());
    }

    /** A copy of {@code after} with the password Secret reference of {@code before}. */
    private static <T extends HasMetadata> T withPasswordOf(T before, T after) {
        T copy = Serialization.clone(after);
        CommonSpec oldSpec = spec(before);
        CommonSpec newSpec = spec(copy);
        if (oldSpec != null && newSpec != null && oldSpec.kubernetesConfig != null && newSpec.kubernetesConfig != null) {
            newSpec.kubernetesConfig.redisSecret = oldSpec.kubernetesConfig.redisSecret;
        }
        return copy;
    }

    private static CommonSpec spec(HasMetadata resource) {
        if (resource instanceof Redis redis) {
            return redis.getSpec();
        }
        if (resource instanceof RedisReplication replication) {
            return replication.getSpec();
        }
        if (resource instanceof RedisCluster cluster) {
            return cluster.getSpec();
        }
        return null;
    }

    /**
     * @param livePasswordOnly the new resource rendered with the old password reference
     * @param shardStatefulSets StatefulSets whose size is the number of shards
     */
    private static ChangeAssessment compare(
            DesiredObjects before, DesiredObjects after, DesiredObjects livePasswordOnly, Set<String> shardStatefulSets, List<Change> extra) {
        Map<String, DesiredObject> oldObjects = index(before);
        Map<String, DesiredObject> newObjects = index(after);
        Map<String, DesiredObject> passwordObjects = index(livePasswordOnly);
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, DesiredObject> entry : newObjects.entrySet()) {
            HasMetadata oldObject = oldObjects.get(entry.getKey()).object().orElse(null);
            HasMetadata newObject = entry.getValue().object().orElse(null);
            if (Objects.equals(oldObject, newObject)) {
                continue;
            }
            String kind = entry.getValue().type().getSimpleName();
            String name = entry.getValue().name();
            if (newObject instanceof StatefulSet || oldObject instanceof StatefulSet) {
                statefulSet((StatefulSet) oldObject, (StatefulSet) newObject,
                        (StatefulSet) passwordObjects.get(entry.getKey()).object().orElse(null), shardStatefulSets.contains(name))
                        .forEach(reason -> changes.add(new Change(reason, kind, name)));
            } else if (newObject instanceof ConfigMap || oldObject instanceof ConfigMap) {
                if (oldObject != null && newObject != null && !Objects.equals(liveConf(oldObject), liveConf(newObject))) {
                    changes.add(new Change(ChangeReason.LIVE_CONFIG_CHANGED, kind, name));
                }
            } else if (newObject instanceof Service || oldObject instanceof Service) {
                changes.add(new Change(ChangeReason.SERVICE_CHANGED, kind, name));
            } else if (newObject instanceof PodDisruptionBudget || oldObject instanceof PodDisruptionBudget) {
                changes.add(new Change(ChangeReason.DISRUPTION_BUDGET_CHANGED, kind, name));
            }
        }
        changes.addAll(extra);
        return ChangeAssessment.of(changes);
    }

    private static List<ChangeReason> statefulSet(StatefulSet before, StatefulSet after, StatefulSet passwordOnly, boolean shards) {
        if (before == null) {
            return List.of(ChangeReason.STATEFULSET_ADDED);
        }
        if (after == null) {
            return List.of(ChangeReason.STATEFULSET_REMOVED);
        }
        List<ChangeReason> reasons = new ArrayList<>();
        if (!Objects.equals(before.getSpec().getVolumeClaimTemplates(), after.getSpec().getVolumeClaimTemplates())) {
            reasons.add(ChangeReason.VOLUME_CLAIM_TEMPLATES_CHANGED);
        }
        if (!Objects.equals(before.getSpec().getPodManagementPolicy(), after.getSpec().getPodManagementPolicy())) {
            reasons.add(ChangeReason.POD_MANAGEMENT_POLICY_CHANGED);
        }
        if (!Objects.equals(before.getSpec().getReplicas(), after.getSpec().getReplicas())) {
            reasons.add(shards ? ChangeReason.SHARDS_CHANGED : ChangeReason.REPLICAS_CHANGED);
        }
        reasons.addAll(template(before.getSpec().getTemplate(), passwordOnly.getSpec().getTemplate()));
        if (!Objects.equals(passwordOnly.getSpec().getTemplate(), after.getSpec().getTemplate())) {
            reasons.add(ChangeReason.PASSWORD_SECRET_CHANGED);
        }
        if (!Objects.equals(withoutComparedFields(before), withoutComparedFields(after))) {
            reasons.add(ChangeReason.STATEFULSET_SETTINGS_CHANGED);
        }
        return reasons;
    }

    private static List<ChangeReason> template(PodTemplateSpec before, PodTemplateSpec after) {
        if (Objects.equals(before, after)) {
            return List.of();
        }
        List<ChangeReason> reasons = new ArrayList<>();
        if (!Objects.equals(hash(before), hash(after))) {
            reasons.add(ChangeReason.CONFIG_CHANGED);
        }
        if (!images(before).equals(images(after))) {
            reasons.add(ChangeReason.IMAGE_CHANGED);
        }
        UnaryOperator<PodTemplateSpec> specOnly = template -> new PodTemplateSpecBuilder(template)
                .withMetadata(null)
                .editSpec()
                    .withContainers(template.getSpec().getContainers().stream().map(ChangeClassifier::withoutImage).toList())
                    .withInitContainers(template.getSpec().getInitContainers().stream().map(ChangeClassifier::withoutImage).toList())
                .endSpec()
                .build();
        if (!Objects.equals(specOnly.apply(before), specOnly.apply(after))) {
            reasons.add(ChangeReason.POD_SPEC_CHANGED);
        }
        if (reasons.isEmpty()) {
            reasons.add(ChangeReason.POD_METADATA_CHANGED);
        }
        return reasons;
    }

    private static Container withoutImage(Container container) {
        return new ContainerBuilder(container).withImage(null).build();
    }

    private static String hash(PodTemplateSpec template) {
        return template.getMetadata().getAnnotations().get(PodLayout.CONFIG_HASH_ANNOTATION);
    }

    private static List<String> images(PodTemplateSpec template) {
        List<String> images = new ArrayList<>();
        template.getSpec().getInitContainers().forEach(container -> images.add(container.getName() + "=" + container.getImage()));
        template.getSpec().getContainers().forEach(container -> images.add(container.getName() + "=" + container.getImage()));
        return images;
    }

    /** The StatefulSet without the fields compared one by one above. */
    private static StatefulSet withoutComparedFields(StatefulSet statefulSet) {
        return new StatefulSetBuilder(statefulSet)
                .editSpec()
                    .withTemplate(null)
                    .withVolumeClaimTemplates(List.of())
                    .withPodManagementPolicy(null)
                    .withReplicas(null)
                .endSpec()
                .build();
    }

    private static String liveConf(HasMetadata configMap) {
        return ((ConfigMap) configMap).getData().get(PodLayout.LIVE_CONF_KEY);
    }

    /** Every object of both renderings by kind and name, absent ones included, in apply order. */
    private static Map<String, DesiredObject> index(DesiredObjects objects) {
        Map<String, DesiredObject> index = new LinkedHashMap<>();
        objects.all().forEach(desired -> index.put(desired.type().getSimpleName() + "/" + desired.name(), desired));
        return index;
    }
}

package io.qsredis.renderer.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.qsredis.renderer.DesiredObject;
import io.qsredis.renderer.DesiredObjects;
import io.qsredis.renderer.model.SentinelSetModel;
import io.qsredis.renderer.model.ServerSetModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects a resource's objects by kind and hands them out in apply order. */
final class ObjectSet {
    private final List<DesiredObject> configMaps = new ArrayList<>();
    private final List<DesiredObject> services = new ArrayList<>();
    private final List<DesiredObject> statefulSets = new ArrayList<>();
    private final List<DesiredObject> budgets = new ArrayList<>();

    /** The ConfigMap, the StatefulSet, its client, headless, additional and metrics Services, and each pod's own Service. */
    ObjectSet servers(ServerSetModel model, List<Map<String, String>> avoid) {
        configMaps.add(DesiredObject.present(ServerConfigMap.desired(model)));
        services(ServiceTarget.of(model));
        services.addAll(PodService.desired(model));
        statefulSets.add(DesiredObject.present(ServerStatefulSet.desired(model, avoid)));
        return this;
    }

    /** The Sentinels of a RedisSentinel, with the same family of Services and each pod's own Service. */
    ObjectSet sentinels(SentinelSetModel model) {
        configMaps.add(DesiredObject.present(SentinelConfigMap.desired(model)));
        services(ServiceTarget.of(model));
        services.addAll(PodService.desired(model));
        statefulSets.add(DesiredObject.present(SentinelStatefulSet.desired(model)));
        return this;
    }

    /** Sentinels a RedisReplication runs itself: only their headless Service, as upstream, and each pod's own Service. */
    ObjectSet embeddedSentinels(String name, SentinelSetModel model) {
        if (model == null) {
            configMaps.add(DesiredObject.of(ConfigMap.class, name + "-config", null));
            services.add(DesiredObject.of(Service.class, name + "-hl", null));
            statefulSets.add(DesiredObject.of(StatefulSet.class, name, null));
            return this;
        }
        configMaps.add(DesiredObject.present(SentinelConfigMap.desired(model)));
        services.add(DesiredObject.present(HeadlessService.desired(ServiceTarget.of(model))));
        services.addAll(PodService.desired(model));
        statefulSets.add(DesiredObject.present(SentinelStatefulSet.desired(model)));
        return this;
    }

    ObjectSet service(Service service) {
        services.add(DesiredObject.present(service));
        return this;
    }

    ObjectSet budget(String name, PodDisruptionBudget budget) {
        budgets.add(DesiredObject.of(PodDisruptionBudget.class, name, budget));
        return this;
    }

    DesiredObjects build() {
        List<DesiredObject> all = new ArrayList<>();
        all.addAll(configMaps);
        all.addAll(services);
        all.addAll(statefulSets);
        all.addAll(budgets);
        return new DesiredObjects(all);
    }

    private void services(ServiceTarget target) {
        services.add(DesiredObject.present(ClientService.desired(target)));
        services.add(DesiredObject.present(HeadlessService.desired(target)));
        services.add(DesiredObject.of(Service.class, AdditionalService.name(target), AdditionalService.desired(target)));
        services.add(DesiredObject.of(Service.class, MetricsService.name(target), MetricsService.desired(target)));
    }
}

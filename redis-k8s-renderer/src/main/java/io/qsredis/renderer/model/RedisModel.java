package io.qsredis.renderer.model;

import io.qsredis.model.Redis;
import io.qsredis.model.RedisSpec;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.Storage;
import io.qsredis.renderer.RenderOptions;

import java.util.List;
import java.util.Optional;

/** A validated, defaulted view of a {@code Redis}: one standalone server, StatefulSet {@code X}. */
public record RedisModel(ServerSetModel server) {

    public static RedisModel fromCr(Redis cr) {
        return fromCr(cr, RenderOptions.defaults());
    }

    /** @throws InvalidSpecException listing every problem of the spec that prevents rendering */
    public static RedisModel fromCr(Redis cr, RenderOptions options) {
        SpecProblems problems = new SpecProblems("Redis " + (cr.getMetadata() == null ? "" : cr.getMetadata().getName()));
        Owner owner = Owner.of(cr, problems);
        RedisSpec spec = cr.getSpec() == null ? new RedisSpec() : cr.getSpec();
        KubernetesConfig config = SpecReader.kubernetesConfig(spec, problems);
        Storage storage = spec.storage == null ? new Storage() : spec.storage;
        PodSettings pod = PodSettingsReader.fromPodSpec(spec, config, storage.volumeMount, List.of(), null, false, problems);
        ServerSetModel server = new ServerSetModel(
                owner,
                owner.name(),
                SetupType.STANDALONE,
                Role.STANDALONE,
                1,
                ApiDefaults.REDIS_PORT,
                Optional.empty(),
                RedisSettingsReader.read(spec.redisConfig, config, spec.TLS, spec.acl, pod, storage.volumeClaimTemplate != null, "spec.redisConfig", problems),
                Optional.ofNullable(storage.volumeClaimTemplate),
                Boolean.TRUE.equals(storage.keepAfterDelete),
                pod,
                SpecReader.services(config.service),
                Optional.empty(),
                options.clusterDomain());
        problems.throwIfAny();
        return new RedisModel(server);
    }
}

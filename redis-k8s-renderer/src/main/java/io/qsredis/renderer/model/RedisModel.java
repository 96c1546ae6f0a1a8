package io.qsredis.renderer.model;

import io.qsredis.model.Redis;
import io.qsredis.model.RedisSpec;
import io.qsredis.model.common.KubernetesConfig;
import io.qsredis.model.common.Storage;
import io.qsredis.model.schema.CrdDefaults;
import io.qsredis.renderer.RenderOptions;

import java.util.List;
import java.util.Optional;

/** A validated, defaulted view of a {@code Redis}: one standalone server, StatefulSet {@code X}. */
public record RedisModel(ServerSetModel server) {

    public static RedisModel fromCr(Redis cr) {
        return fromCr(cr, RenderOptions.defaults());
    }

    /** @throws InvalidSpecException listing every error of the spec */
    public static RedisModel fromCr(Redis given, RenderOptions options) {
        Redis cr = CrdDefaults.applied(given);
        InvalidSpecException.requireValid(cr);
        Owner owner = Owner.of(cr);
        RedisSpec spec = cr.getSpec();
        KubernetesConfig config = spec.kubernetesConfig;
        Storage storage = spec.storage == null ? new Storage() : spec.storage;
        PodSettings pod = PodSettingsReader.fromPodSpec(spec, config, storage.volumeMount, List.of(), null);
        ServerSetModel server = ServerSetReader.read(
                owner, SetupType.STANDALONE, Role.STANDALONE, 1, spec, spec.redisConfig, spec.acl, storage, pod, Optional.empty(), options);
        return new RedisModel(server);
    }
}

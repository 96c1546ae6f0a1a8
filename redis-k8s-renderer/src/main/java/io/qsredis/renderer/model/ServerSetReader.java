package io.qsredis.renderer.model;

import io.qsredis.model.common.ACLConfig;
import io.qsredis.model.common.PodSpec;
import io.qsredis.model.common.RedisConfig;
import io.qsredis.model.common.Storage;
import io.qsredis.renderer.RenderOptions;

import java.util.Optional;

/**
 * Reads the one StatefulSet of a {@code Redis} or a {@code RedisReplication}: named after the resource, on port 6379,
 * its data on {@code storage.volumeClaimTemplate} when there is one. (A RedisCluster's roles differ in all of these.)
 */
final class ServerSetReader {
    private ServerSetReader() {}

    static ServerSetModel read(
            Owner owner,
            SetupType setupType,
            Role role,
            int replicas,
            PodSpec spec,
            RedisConfig redisConfig,
            ACLConfig acl,
            Storage storage,
            PodSettings pod,
            Optional<PdbSettings> pdb,
            RenderOptions options) {
        return new ServerSetModel(
                owner,
                owner.name(),
                setupType,
                role,
                replicas,
                FixedSettings.REDIS_PORT,
                Optional.empty(),
                RedisSettingsReader.read(redisConfig, spec.kubernetesConfig, spec.TLS, acl, pod, storage.volumeClaimTemplate != null),
                Optional.ofNullable(storage.volumeClaimTemplate),
                Boolean.TRUE.equals(storage.keepAfterDelete),
                pod,
                SpecReader.services(spec.kubernetesConfig.service),
                pdb,
                options.clusterDomain());
    }
}

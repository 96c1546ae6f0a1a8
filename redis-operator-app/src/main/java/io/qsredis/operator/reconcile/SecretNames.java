package io.qsredis.operator.reconcile;

import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.qsredis.model.Redis;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.ACLConfig;
import io.qsredis.model.common.CommonSpec;
import io.qsredis.model.common.ExistingPasswordSecret;

import java.util.Set;
import java.util.TreeSet;

/** The Secrets a resource's spec names (passwords, TLS, ACL), so that their changes and their creation reach it. */
final class SecretNames {
    private SecretNames() {}

    static Set<String> of(Redis cr) {
        Set<String> names = common(cr.getSpec());
        if (cr.getSpec() != null) {
            acl(names, cr.getSpec().acl);
        }
        return names;
    }

    static Set<String> of(RedisReplication cr) {
        Set<String> names = common(cr.getSpec());
        if (cr.getSpec() != null) {
            acl(names, cr.getSpec().acl);
            if (cr.getSpec().sentinel != null) {
                password(names, cr.getSpec().sentinel.redisSecret);
            }
        }
        return names;
    }

    static Set<String> of(RedisCluster cr) {
        Set<String> names = common(cr.getSpec());
        if (cr.getSpec() != null) {
            acl(names, cr.getSpec().acl);
        }
        return names;
    }

    static Set<String> of(RedisSentinel cr) {
        Set<String> names = common(cr.getSpec());
        if (cr.getSpec() != null && cr.getSpec().redisSentinelConfig != null) {
            EnvVarSource source = cr.getSpec().redisSentinelConfig.redisReplicationPassword;
            if (source != null && source.getSecretKeyRef() != null && source.getSecretKeyRef().getName() != null) {
                names.add(source.getSecretKeyRef().getName());
            }
        }
        return names;
    }

    private static Set<String> common(CommonSpec spec) {
        Set<String> names = new TreeSet<>();
        if (spec == null) {
            return names;
        }
        if (spec.kubernetesConfig != null) {
            password(names, spec.kubernetesConfig.redisSecret);
        }
        if (spec.TLS != null) {
            volume(names, spec.TLS.secret);
        }
        return names;
    }

    private static void acl(Set<String> names, ACLConfig acl) {
        if (acl != null) {
            volume(names, acl.secret);
        }
    }

    private static void password(Set<String> names, ExistingPasswordSecret secret) {
        if (secret != null && secret.name != null) {
            names.add(secret.name);
        }
    }

    private static void volume(Set<String> names, SecretVolumeSource secret) {
        if (secret != null && secret.getSecretName() != null) {
            names.add(secret.getSecretName());
        }
    }
}

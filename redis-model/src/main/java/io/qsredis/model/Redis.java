package io.qsredis.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

@Group("redis.redis.opstreelabs.in")
@Version("v1beta2")
public class Redis extends CustomResource<RedisSpec, Void> implements Namespaced {}

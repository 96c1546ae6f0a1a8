package io.qsredis.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A sharded Redis Cluster. */
@Group(RedisApi.GROUP)
@Version(RedisApi.VERSION)
@Kind("RedisCluster")
@Plural("redisclusters")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, priority = 1)
public class RedisCluster extends CustomResource<RedisClusterSpec, RedisClusterStatus> implements Namespaced {}

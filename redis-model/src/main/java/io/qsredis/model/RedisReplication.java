package io.qsredis.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Redis master with replicas. */
@Group(RedisApi.GROUP)
@Version(RedisApi.VERSION)
@Kind("RedisReplication")
@Plural("redisreplications")
@AdditionalPrinterColumn(name = "Master", jsonPath = ".status.masterNode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class RedisReplication extends CustomResource<RedisReplicationSpec, RedisReplicationStatus> implements Namespaced {}

package io.qsredis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qsredis.model.common.ACLConfig;
import io.qsredis.model.common.PodSpec;
import io.qsredis.model.common.RedisConfig;
import io.qsredis.model.common.Storage;

/** A single Redis server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisSpec extends PodSpec {
    public RedisConfig redisConfig;
    public Storage storage;
    public ACLConfig acl;
}

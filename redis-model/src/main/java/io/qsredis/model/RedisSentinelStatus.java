package io.qsredis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qsredis.model.common.CommonStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisSentinelStatus extends CommonStatus {
    /** host:port of the master the Sentinels agree on. */
    public String masterAddress;
}

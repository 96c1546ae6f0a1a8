package io.qsredis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qsredis.model.common.CommonStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisStatus extends CommonStatus {
    /** Initializing or Ready. */
    public String state;

    public String reason;
}

package io.qsredis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qsredis.model.common.CommonStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisReplicationStatus extends CommonStatus {
    /** Name of the pod that is the master now. */
    public String masterNode;

    public ConnectionInfo connectionInfo;

    /** Where clients connect: the master Service, or the Sentinels and their group name. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ConnectionInfo {
        public String host;
        public Integer port;
        public String masterName;
    }
}

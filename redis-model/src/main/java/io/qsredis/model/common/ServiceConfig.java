package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** The type and annotations of the client Service, and the settings of its -headless and -additional siblings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceConfig {
    public ServiceType serviceType;

    @JsonProperty("annotations")
    public Map<String, String> annotations;

    /** Adds the cluster bus port (client port + 10000) to the Service; used by Redis Cluster only. */
    public Boolean includeBusPort;

    /** The {@code -headless} Service. */
    public Service headless;

    /** The {@code -additional} Service. */
    public Service additional;
}

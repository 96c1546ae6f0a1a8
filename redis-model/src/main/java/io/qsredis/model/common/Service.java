package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;

import java.util.Map;

/** One of the optional Services (headless or additional). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Service {
    @Default("ClusterIP")
    public ServiceType type;

    public Map<String, String> additionalAnnotations;
    public Boolean includeBusPort;

    @Default("true")
    public Boolean enabled;
}

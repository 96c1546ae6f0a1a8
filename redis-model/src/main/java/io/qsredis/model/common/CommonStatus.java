package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/** Status fields every kind has: conditions in the Kubernetes convention and the generation they describe. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class CommonStatus {
    public List<Condition> conditions;
    public Long observedGeneration;
}

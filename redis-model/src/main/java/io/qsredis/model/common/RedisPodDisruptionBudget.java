package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The PodDisruptionBudget of a StatefulSet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!(has(self.minAvailable) && has(self.maxUnavailable))",
        message = "pdb.minAvailable and pdb.maxUnavailable are exclusive: set one of them")
public class RedisPodDisruptionBudget {
    public Boolean enabled;

    @Min(0)
    public Integer minAvailable;

    @Min(0)
    public Integer maxUnavailable;
}

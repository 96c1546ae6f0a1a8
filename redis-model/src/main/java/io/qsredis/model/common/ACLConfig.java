package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;

/** Redis ACL users, from a Secret (mounted as the ACL file) or from a PVC holding user.acl. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!(has(self.secret) && has(self.persistentVolumeClaim))",
        message = "acl.secret and acl.persistentVolumeClaim are exclusive: set one of them")
public class ACLConfig {
    public SecretVolumeSource secret;

    /** Name of a PVC that holds user.acl; mounted at /data/redis. */
    public String persistentVolumeClaim;
}

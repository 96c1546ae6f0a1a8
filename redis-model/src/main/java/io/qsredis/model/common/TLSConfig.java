package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;

/** TLS for clients, replication and the cluster bus, from a Secret holding the certificates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TLSConfig {
    /** Key of the CA certificate in the Secret (default ca.crt). */
    public String ca;

    /** Key of the certificate in the Secret (default tls.crt). */
    public String cert;

    /** Key of the private key in the Secret (default tls.key). */
    public String key;

    @Required
    public SecretVolumeSource secret;
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: {@code envFrom}, then {@code env} in order, with
 * {@code $(VAR)} references to variables defined before, {@code fieldRef}, {@code secretKeyRef} and
 * {@code configMapKeyRef}. No laptop translation happens here (see {@link PodTranslation}).
 */
final class ContainerEnvironment {

    private static final Pattern LABEL_OR_ANNOTATION = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    private ContainerEnvironment() {}

    /** The container's variables in definition order. */
    static Map<String, String> resolve(Pod pod, Container container, PodAddresses addresses, ObjectLookup lookup)
            throws PodStartException {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            String prefix = source.getPrefix() == null ? "" : source.getPrefix();
            if (source.getConfigMapRef() != null) {
                ConfigMap configMap = lookup.configMap(namespace, source.getConfigMapRef().getName());
                if (configMap != null) {
                    configMap.getData().forEach((key, value) -> env.put(prefix + key, value));
                } else if (!Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
                    throw missing("configmap", source.getConfigMapRef().getName());
                }
            }
            if (source.getSecretRef() != null) {
                Secret secret = lookup.secret(namespace, source.getSecretRef().getName());
                if (secret != null) {
                    secret.getData().forEach((key, value) -> env.put(prefix + key, decode(value)));
                } else if (!Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
                    throw missing("secret", source.getSecretRef().getName());
                }
            }
        }
        for (EnvVar var : container.getEnv()) {
            String value = valueOf(pod, var, addresses, lookup, env);
            if (value != null) {
                env.put(var.getName(), value);
            }
        }
        return env;
    }

    /** {@code text} with each {@code $(NAME)} of a defined variable replaced and {@code $$} unescaped. */
    static String expand(String text, Map<String, String> env) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(' && text.indexOf(')', i) > 0) {
                int end = text.indexOf(')', i);
                String name = text.substring(i + 2, end);
                out.append(env.containsKey(name) ? env.get(name) : text.substring(i, end + 1));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String valueOf(Pod pod, EnvVar var, PodAddresses addresses, ObjectLookup lookup, Map<String, String> env)
            throws PodStartException {
        if (var.getValueFrom() == null) {
            return var.getValue() == null ? "" : expand(var.getValue(), env);
        }
        String namespace = pod.getMetadata().getNamespace();
        if (var.getValueFrom().getFieldRef() != null) {
            return field(pod, var.getValueFrom().getFieldRef(), addresses);
        }
        if (var.getValueFrom().getSecretKeyRef() != null) {
            SecretKeySelector ref = var.getValueFrom().getSecretKeyRef();
            Secret secret = lookup.secret(namespace, ref.getName());
            String value = secret == null ? null : secret.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw secret == null ? missing("secret", ref.getName())
                        : new PodStartException("CreateContainerConfigError",
                                "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
            }
            return value == null ? null : decode(value);
        }
        if (var.getValueFrom().getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = var.getValueFrom().getConfigMapKeyRef();
            ConfigMap configMap = lookup.configMap(namespace, ref.getName());
            String value = configMap == null ? null : configMap.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw configMap == null ? missing("configmap", ref.getName())
                        : new PodStartException("CreateContainerConfigError",
                                "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
            }
            return value;
        }
        throw new PodStartException("CreateContainerConfigError",
                "environment variable " + var.getName() + ": only value, fieldRef, secretKeyRef and configMapKeyRef "
                        + "are supported by the testbed (POD-LAYOUT rule 3)");
    }

    /** The value of a downward API field, for environment variables and downwardAPI volumes alike. */
    static String field(Pod pod, ObjectFieldSelector selector, PodAddresses addresses) throws PodStartException {
        String path = selector.getFieldPath();
        switch (path) {
            case "metadata.name":
                return pod.getMetadata().getName();
            case "metadata.namespace":
                return pod.getMetadata().getNamespace();
            case "metadata.uid":
                return pod.getMetadata().getUid();
            case "spec.nodeName":
                return pod.getSpec().getNodeName();
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
            case "status.podIP":
            case "status.podIPs":
                return addresses.podIp();
            case "status.hostIP":
            case "status.hostIPs":
                return addresses.hostIp();
            default:
                Matcher matcher = LABEL_OR_ANNOTATION.matcher(path);
                if (matcher.matches()) {
                    Map<String, String> map = matcher.group(1).equals("labels")
                            ? pod.getMetadata().getLabels()
                            : pod.getMetadata().getAnnotations();
                    return map == null ? "" : map.getOrDefault(matcher.group(2), "");
                }
                throw new PodStartException("CreateContainerConfigError", "unsupported fieldRef " + path);
        }
    }

    private static PodStartException missing(String kind, String name) {
        return new PodStartException("CreateContainerConfigError", kind + " \"" + name + "\" not found");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}

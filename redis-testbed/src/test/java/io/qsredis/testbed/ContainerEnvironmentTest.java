package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerEnvironmentTest {

    private static final Pod POD = new PodBuilder()
            .withNewMetadata()
                .withName("cache-0")
                .withNamespace("shop")
                .addToLabels("redis-role", "master")
            .endMetadata()
            .withNewSpec()
                .withNodeName(TestbedNode.NAME)
            .endSpec()
            .build();

    private static final PodAddresses ADDRESSES = new PodAddresses("127.0.0.10", "127.0.0.11");

    private static final ObjectLookup LOOKUP = new ObjectLookup() {
        @Override
        public ConfigMap configMap(String namespace, String name) {
            return name.equals("settings")
                    ? new ConfigMapBuilder().addToData("maxmemory", "64mb").build()
                    : null;
        }

        @Override
        public Secret secret(String namespace, String name) {
            return name.equals("cache-password")
                    ? new SecretBuilder().addToData("password", "aHVudGVyMg==").build()
                    : null;
        }

        @Override
        public boolean claimExists(String namespace, String name) {
            return false;
        }
    };

    @Test
    void resolvesFieldsSecretsConfigMapsAndEarlierVariables() throws PodStartException {
        Container container = new ContainerBuilder()
                .withName("redis")
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("HOST_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.hostIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("ROLE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['redis-role']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "cache-password", false).endValueFrom().endEnv()
                .addNewEnv().withName("MAXMEMORY").withNewValueFrom().withNewConfigMapKeyRef("maxmemory", "settings", false).endValueFrom().endEnv()
                .addNewEnv().withName("ANNOUNCE").withValue("$(POD_NAME)@$(POD_IP) $(UNDEFINED) $$(POD_IP)").endEnv()
                .build();

        Map<String, String> env = ContainerEnvironment.resolve(POD, container, ADDRESSES, LOOKUP);

        assertThat(env).containsEntry("POD_IP", "127.0.0.10")
                .containsEntry("HOST_IP", "127.0.0.11")
                .containsEntry("POD_NAME", "cache-0")
                .containsEntry("ROLE", "master")
                .containsEntry("PASSWORD", "hunter2")
                .containsEntry("MAXMEMORY", "64mb")
                .containsEntry("ANNOUNCE", "cache-0@127.0.0.10 $(UNDEFINED) $(POD_IP)");
    }

    @Test
    void aMissingSecretKeepsTheContainerFromStartingUnlessOptional() throws PodStartException {
        Container required = new ContainerBuilder()
                .withName("redis")
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "absent", false).endValueFrom().endEnv()
                .build();
        Container optional = new ContainerBuilder()
                .withName("redis")
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "absent", true).endValueFrom().endEnv()
                .build();

        assertThatThrownBy(() -> ContainerEnvironment.resolve(POD, required, ADDRESSES, LOOKUP))
                .isInstanceOfSatisfying(PodStartException.class, e -> {
                    assertThat(e.reason()).isEqualTo("CreateContainerConfigError");
                    assertThat(e.getMessage()).isEqualTo("secret \"absent\" not found");
                });
        assertThat(ContainerEnvironment.resolve(POD, optional, ADDRESSES, LOOKUP)).doesNotContainKey("PASSWORD");
    }
}

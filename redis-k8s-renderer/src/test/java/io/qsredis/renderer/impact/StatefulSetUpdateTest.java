package io.qsredis.renderer.impact;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatefulSetUpdateTest {

    @Test
    void templateAndReplicaChangesNeedNoRecreate() {
        StatefulSet live = statefulSet("1Gi", null);
        StatefulSet desired = new StatefulSetBuilder(live).editSpec().withReplicas(5)
                .editTemplate().editSpec().editFirstContainer().withImage("redis:7.2.4").endContainer().endSpec().endTemplate()
                .endSpec().build();
        assertThat(StatefulSetUpdate.between(live, desired).needsRecreate()).isFalse();
    }

    @Test
    void aDefaultedPodManagementPolicyIsNoChange() {
        assertThat(StatefulSetUpdate.between(statefulSet("1Gi", null), statefulSet("1Gi", "OrderedReady")).needsRecreate()).isFalse();
    }

    @Test
    void anotherPodManagementPolicyNeedsASafeRecreate() {
        StatefulSetUpdate update = StatefulSetUpdate.between(statefulSet("1Gi", null), statefulSet("1Gi", "Parallel"));
        assertThat(update.immutableFields()).containsExactly("spec.podManagementPolicy");
        assertThat(update.recreateIsSafe()).isTrue();
    }

    @Test
    void moreStorageGrowsTheClaimsAndRecreates() {
        StatefulSetUpdate update = StatefulSetUpdate.between(statefulSet("1Gi", null), statefulSet("2Gi", null));
        assertThat(update.immutableFields()).containsExactly("spec.volumeClaimTemplates");
        assertThat(update.growing()).singleElement().satisfies(resize -> {
            assertThat(resize.claimTemplate()).isEqualTo("data");
            assertThat(resize.to()).isEqualTo(new Quantity("2Gi"));
        });
        assertThat(update.recreateIsSafe()).isTrue();
    }

    @Test
    void theSameAmountWrittenDifferentlyIsNoChange() {
        assertThat(StatefulSetUpdate.between(statefulSet("1Gi", null), statefulSet("1024Mi", null)).needsRecreate()).isFalse();
    }

    @Test
    void lessStorageIsRefused() {
        StatefulSetUpdate update = StatefulSetUpdate.between(statefulSet("2Gi", null), statefulSet("1Gi", null));
        assertThat(update.shrinking()).hasSize(1);
        assertThat(update.recreateIsSafe()).isFalse();
    }

    @Test
    void anotherSelectorIsNotSafeToRecreate() {
        StatefulSet desired = new StatefulSetBuilder(statefulSet("1Gi", null)).editSpec().editSelector().addToMatchLabels("extra", "x").endSelector()
                .endSpec().build();
        StatefulSetUpdate update = StatefulSetUpdate.between(statefulSet("1Gi", null), desired);
        assertThat(update.immutableFields()).containsExactly("spec.selector");
        assertThat(update.recreateIsSafe()).isFalse();
    }

    private static StatefulSet statefulSet(String storage, String policy) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("app").endMetadata()
                .withNewSpec()
                    .withReplicas(3)
                    .withServiceName("app-headless")
                    .withPodManagementPolicy(policy)
                    .withNewSelector().withMatchLabels(Map.of("app", "app")).endSelector()
                    .withNewTemplate().withNewSpec().addNewContainer().withName("redis").withImage("redis:7.0.15").endContainer().endSpec()
                    .endTemplate()
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName("data").endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity(storage))
                        .endResources().endSpec()
                    .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }
}

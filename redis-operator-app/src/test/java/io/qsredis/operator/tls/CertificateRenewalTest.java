package io.qsredis.operator.tls;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateRenewalTest {

    @Test
    void aRedisServingAnotherCertificateReloadsItLive() {
        CertificateRenewal renewal = CertificateRenewal.decide("new", List.of(
                new CertificateRenewal.Served("app-1", Optional.of("old"), true),
                new CertificateRenewal.Served("app-0", Optional.of("new"), true)));

        assertThat(renewal.reload()).containsExactly("app-1");
        assertThat(renewal.restart()).isEmpty();
        assertThat(renewal.progress()).isEqualTo("1/2 processes serve the TLS Secret's certificate; reloading it live on app-1");
    }

    @Test
    void aSentinelServingAnotherCertificateRestarts() {
        CertificateRenewal renewal = CertificateRenewal.decide("new", List.of(new CertificateRenewal.Served("app-sentinel-0", Optional.of("old"), false)));

        assertThat(renewal.restart()).containsExactly("app-sentinel-0");
        assertThat(renewal.reload()).isEmpty();
    }

    @Test
    void aProcessWhoseCertificateWasNotObservedIsLeftAlone() {
        CertificateRenewal renewal = CertificateRenewal.decide("new", List.of(new CertificateRenewal.Served("app-2", Optional.empty(), true)));

        assertThat(renewal.done()).isTrue();
        assertThat(renewal.observed()).isZero();
    }
}

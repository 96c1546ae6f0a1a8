package io.qsredis.operator.tls;

import java.util.List;
import java.util.Optional;

/**
 * What a renewed certificate in the TLS Secret asks of each process: those that serve another certificate reload it
 * live when they can (Redis: {@code CONFIG SET tls-cert-file}), or restart (Sentinel 7.0 has no CONFIG SET). A process
 * whose certificate was not observed (not answering) is left alone: it reads the Secret's files when it starts. Pure.
 *
 * @param reload the processes to reload live, by pod name
 * @param restart the processes that must restart to serve it
 * @param current how many observed processes serve the Secret's certificate
 * @param observed how many processes' certificates were observed
 */
public record CertificateRenewal(List<String> reload, List<String> restart, int current, int observed) {
    public CertificateRenewal {
        reload = List.copyOf(reload);
        restart = List.copyOf(restart);
    }

    /** Nothing to renew: no TLS, or nothing observed. */
    public static final CertificateRenewal NONE = new CertificateRenewal(List.of(), List.of(), 0, 0);

    /**
     * One process.
     *
     * @param pod its pod's name
     * @param served the fingerprint of the certificate it serves, when observed
     * @param live whether it can reload its certificate without a restart
     */
    public record Served(String pod, Optional<String> served, boolean live) {}

    public static CertificateRenewal decide(String desired, List<Served> processes) {
        List<Served> observed = processes.stream().filter(p -> p.served().isPresent()).toList();
        List<Served> stale = observed.stream().filter(p -> !p.served().get().equals(desired)).toList();
        return new CertificateRenewal(stale.stream().filter(Served::live).map(Served::pod).sorted().toList(),
                stale.stream().filter(p -> !p.live()).map(Served::pod).sorted().toList(),
                observed.size() - stale.size(), observed.size());
    }

    /** Whether every observed process serves the Secret's certificate. */
    public boolean done() {
        return reload.isEmpty() && restart.isEmpty();
    }

    /** For a condition: how far the renewal is, and what it does next. */
    public String progress() {
        StringBuilder progress = new StringBuilder(current + "/" + observed + " processes serve the TLS Secret's certificate");
        if (!reload.isEmpty()) {
            progress.append("; reloading it live on ").append(String.join(", ", reload));
        }
        if (!restart.isEmpty()) {
            progress.append("; restarting ").append(String.join(", ", restart)).append(" to load it");
        }
        return progress.toString();
    }
}

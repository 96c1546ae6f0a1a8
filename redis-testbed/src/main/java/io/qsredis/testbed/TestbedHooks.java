package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What end-to-end tests and benchmarks do to the testbed's pods from outside, and the waits they need. The
 * operator never uses these: it sees the same events through the API only.
 */
public final class TestbedHooks {

    private final KubernetesClient client;
    private final Kubelet kubelet;

    TestbedHooks(KubernetesClient client, Kubelet kubelet) {
        this.client = client;
        this.kubelet = kubelet;
    }

    /**
     * Kills the pod's main container process with SIGKILL, as a crash or an OOM kill would; the kubelet
     * restarts it in place (same address, restart count one higher).
     *
     * @throws IllegalStateException if the pod has no running main container
     */
    public void crashContainer(String namespace, String pod) {
        PodWorker worker = kubelet.worker(namespace, pod)
                .orElseThrow(() -> new IllegalStateException("no pod " + namespace + "/" + pod + " runs on the testbed"));
        if (!worker.killMain()) {
            throw new IllegalStateException("pod " + namespace + "/" + pod + " has no running container");
        }
    }

    /** Deletes the pod through the API, as {@code kubectl delete pod} does; its StatefulSet re-creates it. */
    public void deletePod(String namespace, String pod) {
        client.pods().inNamespace(namespace).withName(pod).delete();
    }

    /**
     * Writes {@code content} as the file {@code file} onto the volume of the claim {@code claim}, as a user does with
     * {@code kubectl cp} into a pod that mounts it: how a file no manifest carries (an ACL file on a PVC) gets there.
     *
     * @throws IllegalStateException if the claim does not exist
     */
    public void writeToClaim(String namespace, String claim, String file, String content) {
        if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() == null) {
            throw new IllegalStateException("persistentvolumeclaim " + namespace + "/" + claim + " not found");
        }
        Path directory = kubelet.claimDirectory(namespace, claim);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " onto the claim " + namespace + "/" + claim, e);
        }
    }

    /** The pod's address as its status reports it. */
    public Optional<String> podAddress(String namespace, String pod) {
        return Optional.ofNullable(client.pods().inNamespace(namespace).withName(pod).get())
                .map(Pod::getStatus)
                .map(status -> status.getPodIP());
    }

    /** The pid of the pod's running main container, for looking at the process from the OS. */
    public Optional<Long> containerPid(String namespace, String pod) {
        return kubelet.worker(namespace, pod).flatMap(PodWorker::mainPid);
    }

    /** The restart count of the pod's main container, 0 if it has not started yet. */
    public int restartCount(String namespace, String pod) {
        return mainStatus(client.pods().inNamespace(namespace).withName(pod).get())
                .map(ContainerStatus::getRestartCount)
                .orElse(0);
    }

    /** Waits until the pod exists and is Ready; returns it. */
    public Pod awaitReady(String namespace, String pod, Duration timeout) {
        return Await.until("pod " + namespace + "/" + pod + " Ready", timeout, () ->
                Optional.ofNullable(client.pods().inNamespace(namespace).withName(pod).get())
                        .filter(StatefulSetController::isReady));
    }

    /**
     * Waits until the pod has an address and its main container runs, ready or not (a Sentinel is ready only once
     * it monitors its group); returns it.
     */
    public Pod awaitRunning(String namespace, String pod, Duration timeout) {
        return Await.until("pod " + namespace + "/" + pod + " running", timeout, () ->
                Optional.ofNullable(client.pods().inNamespace(namespace).withName(pod).get())
                        .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
                        .filter(p -> mainStatus(p).map(status -> status.getState() != null && status.getState().getRunning() != null).orElse(false)));
    }

    /** Waits until the pod is Ready at an address other than {@code previous}; returns the new address. */
    public String awaitReadyAtNewAddress(String namespace, String pod, String previous, Duration timeout) {
        return Await.until("pod " + namespace + "/" + pod + " Ready at an address other than " + previous, timeout, () ->
                Optional.ofNullable(client.pods().inNamespace(namespace).withName(pod).get())
                        .filter(StatefulSetController::isReady)
                        .map(p -> p.getStatus().getPodIP())
                        .filter(address -> !address.equals(previous)));
    }

    /** Waits until the pod's main container has restarted {@code restarts} times and is Ready again. */
    public Pod awaitRestartedAndReady(String namespace, String pod, int restarts, Duration timeout) {
        return Await.until("pod " + namespace + "/" + pod + " Ready after " + restarts + " restarts", timeout, () ->
                Optional.ofNullable(client.pods().inNamespace(namespace).withName(pod).get())
                        .filter(StatefulSetController::isReady)
                        .filter(p -> mainStatus(p).map(ContainerStatus::getRestartCount).orElse(0) >= restarts));
    }

    /** Waits until the pod is gone from the API and its processes are stopped. */
    public void awaitGone(String namespace, String pod, Duration timeout) {
        Await.until("pod " + namespace + "/" + pod + " gone", timeout, () ->
                client.pods().inNamespace(namespace).withName(pod).get() == null && !kubelet.holdsName(namespace, pod));
    }

    private static Optional<ContainerStatus> mainStatus(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> status.getName().equals("redis") || status.getName().equals("sentinel"))
                .findFirst();
    }
}

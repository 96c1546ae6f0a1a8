package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Materialises a pod's volumes in their host directories as the kubelet does: ConfigMap and Secret keys (or
 * their {@code items}) as files with their modes, downward API fields as files, empty directories for
 * {@code emptyDir} and claims. ConfigMap, Secret and downward API volumes are refreshed when their source
 * changes, as the kubelet eventually does; files from ConfigMaps and Secrets get the pod's path translation.
 */
final class PodVolumes {

    /** The link through which a volume's files are read, renamed onto each new version of them. */
    private static final String DATA_LINK = "..data";

    private final Map<String, Path> directories;
    private final ObjectLookup lookup;
    private final PodAddresses addresses;
    private final Map<String, Set<Path>> written = new HashMap<>();

    PodVolumes(Map<String, Path> directories, ObjectLookup lookup, PodAddresses addresses) {
        this.directories = directories;
        this.lookup = lookup;
        this.addresses = addresses;
    }

    /** Creates every volume of {@code pod}; fails while a non-optional ConfigMap, Secret or claim is missing. */
    void prepare(Pod pod, PodTranslation translation) throws PodStartException {
        for (Volume volume : pod.getSpec().getVolumes()) {
            if (volume.getEmptyDir() == null && volume.getPersistentVolumeClaim() == null && volume.getConfigMap() == null
                    && volume.getSecret() == null && volume.getDownwardAPI() == null) {
                throw new PodStartException("CreateContainerConfigError", "volume " + volume.getName()
                        + ": only configMap, secret, emptyDir, persistentVolumeClaim and downwardAPI volumes run "
                        + "on the testbed (POD-LAYOUT rule 1)");
            }
            if (volume.getPersistentVolumeClaim() != null
                    && !lookup.claimExists(pod.getMetadata().getNamespace(), volume.getPersistentVolumeClaim().getClaimName())) {
                throw new PodStartException("ContainerCreating", "persistentvolumeclaim \""
                        + volume.getPersistentVolumeClaim().getClaimName() + "\" not found");
            }
            createDirectory(directories.get(volume.getName()));
            refresh(pod, volume, translation);
        }
    }

    /** Whether a volume of {@code pod} shows the ConfigMap ({@code configMap} true) or Secret named {@code name}. */
    static boolean shows(Pod pod, boolean configMap, String name) {
        return pod.getSpec().getVolumes().stream().anyMatch(volume -> configMap
                ? volume.getConfigMap() != null && name.equals(volume.getConfigMap().getName())
                : volume.getSecret() != null && name.equals(volume.getSecret().getSecretName()));
    }

    /** Rewrites the files of every ConfigMap, Secret and downward API volume of {@code pod} from their source. */
    void refreshAll(Pod pod, PodTranslation translation) throws PodStartException {
        for (Volume volume : pod.getSpec().getVolumes()) {
            refresh(pod, volume, translation);
        }
    }

    private void refresh(Pod pod, Volume volume, PodTranslation translation) throws PodStartException {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, FileContent> files = new TreeMap<>();
        if (volume.getConfigMap() != null) {
            ConfigMap configMap = lookup.configMap(namespace, volume.getConfigMap().getName());
            if (configMap == null) {
                if (Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
                    replaceFiles(volume.getName(), files);
                    return;
                }
                throw new PodStartException("ContainerCreating", "configmap \"" + volume.getConfigMap().getName() + "\" not found");
            }
            Map<String, byte[]> data = new TreeMap<>();
            configMap.getData().forEach((key, value) -> data.put(key, translation.fileContent(value).getBytes(StandardCharsets.UTF_8)));
            configMap.getBinaryData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
            select(data, volume.getConfigMap().getItems(), volume.getConfigMap().getDefaultMode(), files);
        } else if (volume.getSecret() != null) {
            Secret secret = lookup.secret(namespace, volume.getSecret().getSecretName());
            if (secret == null) {
                if (Boolean.TRUE.equals(volume.getSecret().getOptional())) {
                    replaceFiles(volume.getName(), files);
                    return;
                }
                throw new PodStartException("ContainerCreating", "secret \"" + volume.getSecret().getSecretName() + "\" not found");
            }
            Map<String, byte[]> data = new TreeMap<>();
            secret.getData().forEach((key, value) -> data.put(key, translation.secretFileContent(Base64.getDecoder().decode(value))));
            select(data, volume.getSecret().getItems(), volume.getSecret().getDefaultMode(), files);
        } else if (volume.getDownwardAPI() != null) {
            for (DownwardAPIVolumeFile item : volume.getDownwardAPI().getItems()) {
                if (item.getFieldRef() == null) {
                    throw new PodStartException("CreateContainerConfigError", "volume " + volume.getName()
                            + ": only fieldRef items of downwardAPI volumes run on the testbed");
                }
                files.put(item.getPath(), new FileContent(
                        ContainerEnvironment.field(pod, item.getFieldRef(), addresses).getBytes(StandardCharsets.UTF_8),
                        item.getMode() != null ? item.getMode() : volume.getDownwardAPI().getDefaultMode()));
            }
        } else {
            return;
        }
        replaceFiles(volume.getName(), files);
    }

    private static void select(Map<String, byte[]> data, List<KeyToPath> items, Integer defaultMode,
            Map<String, FileContent> files) throws PodStartException {
        if (items.isEmpty()) {
            data.forEach((key, bytes) -> files.put(key, new FileContent(bytes, defaultMode)));
            return;
        }
        for (KeyToPath item : items) {
            byte[] bytes = data.get(item.getKey());
            if (bytes == null) {
                throw new PodStartException("ContainerCreating", "key " + item.getKey() + " not found");
            }
            files.put(item.getPath(), new FileContent(bytes, item.getMode() != null ? item.getMode() : defaultMode));
        }
    }

    /**
     * Swaps the volume's files all at once, as the kubelet's atomic writer does: the new files go to a fresh
     * {@code ..<n>} directory, the {@code ..data} link is renamed onto it, and each top-level name is a link through
     * {@code ..data}; a reader sees the old set or the new one, never a certificate of one and the key of the other.
     */
    private void replaceFiles(String volume, Map<String, FileContent> files) {
        Path directory = directories.get(volume);
        Set<Path> now = new HashSet<>();
        try {
            Path version = Files.createTempDirectory(directory, "..");
            for (Map.Entry<String, FileContent> file : files.entrySet()) {
                Path target = version.resolve(file.getKey()).normalize();
                if (!target.startsWith(version) || target.equals(version)) {
                    continue;
                }
                createDirectory(target.getParent());
                Files.write(target, file.getValue().bytes());
                Files.setPosixFilePermissions(target, permissions(file.getValue().mode()));
                now.add(directory.resolve(version.relativize(target).getName(0)));
            }
            Path data = directory.resolve(DATA_LINK);
            Path previous = Files.isSymbolicLink(data) ? directory.resolve(Files.readSymbolicLink(data)) : null;
            Path link = directory.resolve(DATA_LINK + "_tmp");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, version.getFileName());
            Files.move(link, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            for (Path name : now) {
                if (!Files.isSymbolicLink(name)) {
                    Files.createSymbolicLink(name, Path.of(DATA_LINK).resolve(name.getFileName()));
                }
            }
            for (Path gone : written.getOrDefault(volume, Set.of())) {
                if (!now.contains(gone)) {
                    Files.deleteIfExists(gone);
                }
            }
            if (previous != null && !previous.equals(version)) {
                deleteTree(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.put(volume, now);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The owner bits of a Kubernetes file mode (0644 when unset); the testbed runs as one user. */
    private static Set<PosixFilePermission> permissions(Integer mode) {
        int bits = mode == null ? 0644 : mode;
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ);
        if ((bits & 0200) != 0) {
            permissions.add(PosixFilePermission.OWNER_WRITE);
        }
        if ((bits & 0100) != 0) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if ((bits & 0040) != 0) {
            permissions.add(PosixFilePermission.GROUP_READ);
        }
        if ((bits & 0004) != 0) {
            permissions.add(PosixFilePermission.OTHERS_READ);
        }
        return permissions;
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record FileContent(byte[] bytes, Integer mode) {}
}

package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one place where a pod spec is translated so that it runs on a laptop; everything else the testbed does
 * is what Kubernetes does. See docs/POD-LAYOUT.md, which both sides of this translation rely on.
 * <ol>
 *   <li><b>Volumes become directories.</b> A {@code persistentVolumeClaim} is
 *       {@code <claims>/<namespace>/<claim>}, kept when the pod goes as a PersistentVolume is; every other
 *       volume is {@code <pod directory>/volumes/<volume>}, deleted with the pod.</li>
 *   <li><b>Mount paths become those directories</b> wherever a process could read them: in command and
 *       args (and exec probes), in environment values, and in the files materialised from ConfigMaps and Secrets. A path is
 *       rewritten only as a whole path segment ({@code /data} and {@code /data/x}, not {@code /database}).
 *       File contents use the main container's mounts first, then the init containers'. PEM files (certificates,
 *       keys) are copied as they are: a path never lives in them, and their base64 may spell one.</li>
 *   <li><b>The image becomes the host.</b> Binaries are the host's: an absolute path to
 *       {@code redis-server}, {@code redis-sentinel} or {@code redis-cli} that does not exist here becomes
 *       the bare name, found on the host's {@code PATH}. The environment starts from {@code PATH},
 *       {@code HOME} (the pod directory) and {@code HOSTNAME} (the pod name). The working directory, when the
 *       spec sets none, is the {@code /data} mount (the Redis image's WORKDIR), else the pod directory.</li>
 *   <li><b>The pod's address is pinned</b>, because on one machine outgoing connections would otherwise
 *       leave from 127.0.0.1 and peers would learn the wrong address: {@code --bind <ip>
 *       --bind-source-addr <ip>} is appended to {@code redis-server}, {@code --sentinel announce-ip <ip>
 *       --bind <ip>} to {@code redis-sentinel}; at the end of the {@code sh -c} script when the container runs
 *       one (the binary is its last step).</li>
 * </ol>
 */
final class PodTranslation {

    private static final Pattern HOST_BINARY =
            Pattern.compile("(?<![\\w./-])(/[\\w./-]*/)(redis-server|redis-sentinel|redis-cli)(?![\\w.-])");
    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final List<String> SHELLS = List.of("sh", "bash", "dash", "ash");

    /** How to start one container's process. */
    record Launch(List<String> command, Map<String, String> environment, Path workingDirectory) {}

    private final Pod pod;
    private final Map<String, Path> volumeDirectories;
    private final Path podDirectory;
    private final String podIp;
    private final PathRewriter fileRewriter;

    private PodTranslation(Pod pod, Map<String, Path> volumeDirectories, Path podDirectory, String podIp,
            PathRewriter fileRewriter) {
        this.pod = pod;
        this.volumeDirectories = volumeDirectories;
        this.podDirectory = podDirectory;
        this.podIp = podIp;
        this.fileRewriter = fileRewriter;
    }

    /** The host directory under {@code claimsRoot} that stands for the volume of the claim {@code claim}. */
    static Path claimDirectory(Path claimsRoot, String namespace, String claim) {
        return claimsRoot.resolve(namespace).resolve(claim);
    }

    /** Each volume of the pod and the host directory that stands for it. */
    static Map<String, Path> volumeDirectories(Pod pod, Path podDirectory, Path claimsRoot) {
        Map<String, Path> directories = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes()) {
            directories.put(volume.getName(), volume.getPersistentVolumeClaim() != null
                    ? claimDirectory(claimsRoot, pod.getMetadata().getNamespace(), volume.getPersistentVolumeClaim().getClaimName())
                    : podDirectory.resolve("volumes").resolve(volume.getName()));
        }
        return directories;
    }

    /**
     * The translation of {@code pod} whose volumes live in {@code volumeDirectories}, for the containers the
     * testbed runs, main container first.
     */
    static PodTranslation of(Pod pod, List<Container> containersRun, Map<String, Path> volumeDirectories,
            Path podDirectory, String podIp) throws PodStartException {
        Map<String, Path> fileMounts = new LinkedHashMap<>();
        for (Container container : containersRun) {
            mounts(container, volumeDirectories, Map.of()).forEach(fileMounts::putIfAbsent);
        }
        return new PodTranslation(pod, volumeDirectories, podDirectory, podIp, new PathRewriter(fileMounts));
    }

    /** The content of a file materialised from a ConfigMap or a Secret, with mount paths rewritten. */
    String fileContent(String content) {
        return fileRewriter.rewrite(content);
    }

    /** A Secret's file: rewritten as {@link #fileContent} unless it is PEM, whose base64 may hold a path's letters. */
    byte[] secretFileContent(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        return text.contains(PEM_BEGIN) ? content : fileContent(text).getBytes(StandardCharsets.UTF_8);
    }

    /** How to start {@code container} in {@code role}, given its environment as Kubernetes resolves it. */
    Launch launch(Container container, ContainerRole role, Map<String, String> env) throws PodStartException {
        if (container.getCommand().isEmpty()) {
            throw new PodStartException("CreateContainerConfigError", "container " + container.getName()
                    + " has no command: the testbed cannot run an image's entrypoint (POD-LAYOUT rule 2)");
        }
        List<String> argv = new ArrayList<>(container.getCommand());
        argv.addAll(container.getArgs());
        return launch(container, argv, role, env);
    }

    /** How to run {@code command} inside {@code container}, as an exec probe does. */
    Launch exec(Container container, List<String> command, Map<String, String> env) throws PodStartException {
        return launch(container, command, ContainerRole.INIT, env);
    }

    private Launch launch(Container container, List<String> argv, ContainerRole role, Map<String, String> env)
            throws PodStartException {
        Map<String, Path> mounts = mounts(container, volumeDirectories, env);
        PathRewriter paths = new PathRewriter(mounts);

        List<String> command = new ArrayList<>();
        argv.forEach(arg -> command.add(hostBinaries(paths.rewrite(ContainerEnvironment.expand(arg, env)))));
        appendAddress(command, role);

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        environment.put("HOME", podDirectory.toString());
        environment.put("HOSTNAME", pod.getMetadata().getName());
        env.forEach((name, value) -> environment.put(name, paths.rewrite(value)));

        Path workingDirectory;
        if (container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()) {
            workingDirectory = Path.of(paths.rewrite(container.getWorkingDir()));
        } else {
            workingDirectory = mounts.getOrDefault("/data", podDirectory);
        }
        return new Launch(List.copyOf(command), environment, workingDirectory);
    }

    private void appendAddress(List<String> command, ContainerRole role) {
        List<String> flags;
        switch (role) {
            case REDIS:
                flags = List.of("--bind", podIp, "--bind-source-addr", podIp);
                break;
            case SENTINEL:
                flags = List.of("--sentinel", "announce-ip", podIp, "--bind", podIp);
                break;
            default:
                return;
        }
        int script = scriptIndex(command);
        if (script < 0) {
            command.addAll(flags);
        } else {
            command.set(script, command.get(script).stripTrailing() + " " + String.join(" ", flags));
        }
    }

    /** The index of the script in {@code sh -c <script> ...}, or -1 when the command is not a shell script. */
    private static int scriptIndex(List<String> command) {
        if (!SHELLS.contains(Path.of(command.get(0)).getFileName().toString())) {
            return -1;
        }
        for (int i = 1; i < command.size() - 1; i++) {
            String option = command.get(i);
            if (option.startsWith("-") && !option.startsWith("--") && option.contains("c")) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String hostBinaries(String text) {
        Matcher matcher = HOST_BINARY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            boolean onHost = Files.isExecutable(Path.of(matcher.group(1) + matcher.group(2)));
            matcher.appendReplacement(out, Matcher.quoteReplacement(onHost ? matcher.group() : matcher.group(2)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The container's mount paths and the host paths that stand for them. */
    private static Map<String, Path> mounts(Container container, Map<String, Path> volumeDirectories,
            Map<String, String> env) throws PodStartException {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Path directory = volumeDirectories.get(mount.getName());
            if (directory == null) {
                throw new PodStartException("CreateContainerConfigError", "container " + container.getName()
                        + " mounts volume " + mount.getName() + " which the pod does not declare");
            }
            String subPath = mount.getSubPath() != null && !mount.getSubPath().isEmpty()
                    ? mount.getSubPath()
                    : mount.getSubPathExpr() != null ? ContainerEnvironment.expand(mount.getSubPathExpr(), env) : "";
            String mountPath = mount.getMountPath().length() > 1 && mount.getMountPath().endsWith("/")
                    ? mount.getMountPath().substring(0, mount.getMountPath().length() - 1)
                    : mount.getMountPath();
            mounts.put(mountPath, subPath.isEmpty() ? directory : directory.resolve(subPath));
        }
        return mounts;
    }

    /** Rewrites whole-segment occurrences of mount paths, longest first, in one pass. */
    private static final class PathRewriter {
        private final Map<String, Path> mounts;
        private final Pattern pattern;

        PathRewriter(Map<String, Path> mounts) {
            this.mounts = mounts;
            this.pattern = mounts.isEmpty() ? null : Pattern.compile("(?<![\\w./-])("
                    + mounts.keySet().stream()
                            .sorted(Comparator.comparingInt(String::length).reversed())
                            .map(Pattern::quote)
                            .collect(Collectors.joining("|"))
                    + ")(?![\\w.-])");
        }

        String rewrite(String text) {
            if (pattern == null) {
                return text;
            }
            Matcher matcher = pattern.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(mounts.get(matcher.group(1)).toString()));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }
}

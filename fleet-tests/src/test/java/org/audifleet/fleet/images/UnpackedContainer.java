package org.audifleet.fleet.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an image's entrypoint from its unpacked root filesystem the way a Kubernetes pod with the chart's security
 * settings would: its own mount and PID namespaces (so the JVM is PID 1 and gets the SIGTERM itself), the root
 * filesystem read-only, a fresh tmpfs on /tmp (the pod's emptyDir), /proc of its own, the host's /dev and the
 * host's /etc/hosts and /etc/resolv.conf (as a runtime provides them), the image's user, working directory and
 * environment. The network is the host's, so the test reaches its ports and it reaches the test's broker.
 * Needs root (the chart's uid is set by {@code unshare --setuid}); util-linux {@code unshare} 2.38 does the rest.
 */
final class UnpackedContainer implements AutoCloseable {

    private final Process unshare;
    final Path log;

    private UnpackedContainer(Process unshare, Path log) {
        this.unshare = unshare;
        this.log = log;
    }

    /**
     * Starts {@code command} (the image's entrypoint and arguments) in {@code root}, with the image's environment
     * plus {@code env}; everything it prints goes to {@code log}.
     */
    static UnpackedContainer start(Path root, ImageArchive.Config config, List<String> command,
                                   Map<String, String> env, Path log) throws IOException {
        String[] user = config.user().split(":");
        // Mounts first (host tools, still outside the root), then `exec` twice: the inner unshare only changes
        // root, directory and user before exec'ing the entrypoint, so the JVM takes the shell's PID 1. The root,
        // directory and ids come in as arguments, never spliced into the script.
        String script = String.join(" && ",
                "r=$1 wd=$2 uid=$3 gid=$4 && shift 4",
                "mount --bind \"$r\" \"$r\"",
                "mount -o remount,bind,ro \"$r\"",
                "mount -t tmpfs -o size=256m,mode=1777 tmpfs \"$r/tmp\"",
                "mount -t proc proc \"$r/proc\"",
                "mount --rbind /dev \"$r/dev\"",
                "mount --bind /etc/hosts \"$r/etc/hosts\"",
                "mount --bind /etc/resolv.conf \"$r/etc/resolv.conf\"",
                "exec unshare --root=\"$r\" --wd=\"$wd\" --setgid=\"$gid\" --setuid=\"$uid\" -- \"$@\"");
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
                "sh", "-c", script, "container", root.toString(), orRoot(config.workingDir()), user[0], user[1]));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        for (String entry : config.env()) {
            int eq = entry.indexOf('=');
            environment.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        // The host tools above are found on the host's PATH; the image's PATH applies once inside.
        Map<String, String> inside = new LinkedHashMap<>(environment);
        inside.putAll(env);
        environment.putAll(inside);
        environment.put("PATH", inside.get("PATH") + ":/usr/sbin:/usr/bin:/sbin:/bin");
        return new UnpackedContainer(builder.start(), log);
    }

    /** The image's entrypoint process as the host sees it (the one child of the outer unshare), once it runs. */
    Optional<ProcessHandle> entrypoint() {
        return unshare.toHandle().children().findFirst();
    }

    /** Its PID inside its namespace: the last field of {@code NSpid} in /proc/PID/status. */
    static long pidInsideItsNamespace(ProcessHandle process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("NSpid:")) {
                String[] pids = line.substring("NSpid:".length()).trim().split("\\s+");
                return Long.parseLong(pids[pids.length - 1]);
            }
        }
        throw new IOException("no NSpid line for " + process.pid());
    }

    boolean isAlive() {
        return unshare.isAlive();
    }

    /** Waits for the container to end; its exit status (the entrypoint's, passed on by unshare), or -1 on timeout. */
    int waitFor(Duration timeout) throws InterruptedException {
        return unshare.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? unshare.exitValue() : -1;
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        entrypoint().ifPresent(ProcessHandle::destroyForcibly);
        unshare.destroyForcibly();
    }

    private static String orRoot(String dir) {
        return dir.isEmpty() ? "/" : dir;
    }
}

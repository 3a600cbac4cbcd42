package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * File systems a test mounts where the machine lets it (small tmpfs disks, read-only views of a folder), and
 * unmounts afterwards; a test that cannot mount is skipped, saying why.
 */
final class Mounts implements AutoCloseable {
    private final List<Path> mounted = new ArrayList<>();

    /** Mounts a tmpfs of {@code bytes} on {@code dir}, or skips the test with the reason. */
    Path smallDisk(Path dir, long bytes) throws IOException, InterruptedException {
        return mount(dir, "cannot mount a small tmpfs here", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700", "tmpfs", dir.toString());
    }

    /** Shows {@code source} read-only at {@code dir} (a bind mount remounted read-only), or skips the test with the reason. */
    Path readOnlyView(Path source, Path dir) throws IOException, InterruptedException {
        mount(dir, "cannot bind-mount a folder here", "--bind", source.toString(), dir.toString());
        String output = exec("mount", "-o", "remount,bind,ro", dir.toString());
        assumeTrue(output == null, "cannot remount a folder read-only here (" + output + "); the read-only medium test needs root");
        return dir;
    }

    private Path mount(Path dir, String what, String... args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("mount"));
        command.addAll(List.of(args));
        String output = exec(command.toArray(String[]::new));
        assumeTrue(output == null, what + " (" + output + "); the test needs root");
        mounted.add(dir);
        return dir;
    }

    /** Runs a command; null if it succeeded, else what it printed. */
    private static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).strip();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : output;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            exec("umount", "-l", mounted.get(i).toString());
        }
        mounted.clear();
    }
}

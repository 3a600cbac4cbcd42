package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import and training need nothing from the network: DJL runs offline, and where {@code unshare -n} works
 * the command line runs with no network interface at all. Everything it writes is readable by the user only.
 */
class OfflineTest {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path tmp;

    @Test
    void importAndTrainWithoutNetworkAndOwnerOnlyFiles() throws Exception {
        List<String> wrapper = noNetwork() ? List.of("unshare", "-n") : List.of();
        Path src = tmp.resolve("src");
        for (int i = 0; i < 6; i++) {
            Recordings.pulseCsv(src.resolve("s" + i + ".csv"), 50, 60);
        }
        Path ws = tmp.resolve("ws");
        Path logs = tmp.resolve("logs");
        ChildJvm.Finished imported = ChildJvm.start(logs, wrapper, List.of(), "import", src.toString(), "--name", "small",
                "--window-seconds", "10", "--workspace", ws.toString(), "--json").await(120);
        assertEquals(0, imported.code(), imported.err());
        List<String> train = new ArrayList<>(List.of("train-tokenizer", "--workspace", ws.toString(), "--json", "--dataset", "small"));
        train.addAll(List.of(KillTest.TINY));
        train.set(train.indexOf("--epochs") + 1, "2");
        ChildJvm.Finished trained = ChildJvm.start(logs, wrapper, List.of(), train.toArray(String[]::new)).await(300);
        assertEquals(0, trained.code(), trained.err());
        assertEquals("FINISHED", trained.json().get("status").getAsString());

        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(ws)) {
            for (Path p : all.toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (perms.stream().anyMatch(OTHERS::contains)) {
                    open.add(ws.relativize(p) + " " + java.nio.file.attribute.PosixFilePermissions.toString(perms));
                }
            }
        }
        assertEquals(List.of(), open, "workspace files others can read");
        Figures.report("import and training ran " + (wrapper.isEmpty() ? "with DJL offline (unshare -n unavailable)"
                : "with no network (unshare -n) and DJL offline") + "; every workspace file owner-only");
    }

    /** Whether this machine lets a process run without network ({@code unshare -n}); the test says which it used. */
    private static boolean noNetwork() {
        try {
            Process p = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}

package org.sigmappg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only folders that leave existing ones as their owner set them, and deletion that tolerates a second deleter. */
class FileToolsTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void ownerOnlyFoldersAreMadeButExistingOnesKeepTheirPermissions() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path readOnly = Files.createDirectories(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        FileTools.createOwnerOnlyDirectories(shared.resolve("a").resolve("b"));
        FileTools.createOwnerOnlyDirectories(readOnly);
        assertEquals("rwxr-xr-x", mode(shared));
        assertEquals("r-xr-xr-x", mode(readOnly), "a folder made read-only stays read-only");
        assertEquals("rwx------", mode(shared.resolve("a")), "every folder made is owner-only, parents too");
        assertEquals("rwx------", mode(shared.resolve("a").resolve("b")));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void twoDeletersOfOneTreeAtOnceBothSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            Path root = tmp.resolve("tree" + round);
            for (int i = 0; i < 40; i++) {
                Path d = Files.createDirectories(root.resolve("d" + i));
                for (int j = 0; j < 25; j++) {
                    Files.writeString(d.resolve("f" + j), "x");
                }
            }
            CyclicBarrier start = new CyclicBarrier(2);
            Callable<Void> delete = () -> {
                start.await();
                FileTools.deleteTree(root);
                return null;
            };
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (Future<Void> f : List.of(pool.submit(delete), pool.submit(delete))) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertFalse(Files.exists(root));
        }
    }
}

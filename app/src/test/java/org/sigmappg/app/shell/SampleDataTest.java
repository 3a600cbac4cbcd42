package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataTest {
    @TempDir
    Path dir;

    private Path sampleFolder(Path parent) throws Exception {
        Path s = parent.resolve("sample-data");
        Files.createDirectories(s);
        Files.writeString(s.resolve(SampleData.RECIPE), "{}");
        return s;
    }

    @Test
    void thePropertyWins() throws Exception {
        Path named = dir.resolve("my-copy");
        Files.createDirectories(named);
        Files.writeString(named.resolve(SampleData.RECIPE), "{}");
        assertEquals(Optional.of(named), SampleData.locate(named.toString(), dir, null));
        assertEquals(Optional.empty(), SampleData.locate(dir.resolve("missing").toString(), dir, null),
                "a property naming no sample folder finds nothing rather than something else");
    }

    @Test
    void foundFromTheWorkingDirectoryOrItsParents() throws Exception {
        Path repo = dir.resolve("repo");
        Path s = sampleFolder(repo);
        Path deep = Files.createDirectories(repo.resolve("app/target"));
        assertEquals(Optional.of(s), SampleData.locate(null, deep, null));
        assertEquals(Optional.of(s), SampleData.locate(null, s, null));
    }

    @Test
    void foundFromTheJarsFolder() throws Exception {
        Path repo = dir.resolve("install");
        Path s = sampleFolder(repo);
        Path jar = Files.createDirectories(repo.resolve("app/target")).resolve("sigma-ppg.jar");
        assertEquals(Optional.of(s), SampleData.locate(null, Files.createDirectories(dir.resolve("elsewhere")), jar));
        assertTrue(SampleData.locate(null, Files.createDirectories(dir.resolve("x/y")), null).isEmpty());
    }

    @Test
    void theCopyBesideTheJarWinsOverOneInTheWorkingDirectory() throws Exception {
        Path installed = sampleFolder(dir.resolve("opt/sigma-ppg/lib/app"));
        Path jar = installed.getParent().resolve("sigma-ppg.jar");
        Path elsewhere = sampleFolder(dir.resolve("home/someone"));
        assertEquals(Optional.of(installed), SampleData.locate(null, elsewhere.getParent(), jar));
    }
}

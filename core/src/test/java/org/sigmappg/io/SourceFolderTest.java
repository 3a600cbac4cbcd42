package org.sigmappg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names and links are held to the imported folder: absolute names, ".." escapes and links out of it are refused. */
class SourceFolderTest {
    @TempDir
    Path tmp;

    private Path folder;
    private Path outside;

    @BeforeEach
    void write() throws IOException {
        folder = Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/rec.dat"), "inside");
        outside = Files.writeString(tmp.resolve("secret.txt"), "outside");
    }

    private ReadException refused(SourceFolder f, String name) {
        return assertThrows(ReadException.class,
                () -> f.resolve(folder.resolve("sub"), name, folder.resolve("sub/rec.hea"), "line 2", "the signal file"));
    }

    @Test
    void aNameInsideResolvesAgainstItsOwnFolder() throws IOException {
        SourceFolder f = SourceFolder.of(folder, false);
        Path base = folder.resolve("sub");
        assertEquals(folder.resolve("sub/rec.dat"), f.resolve(base, "rec.dat", base.resolve("rec.hea"), "line 2", "the signal file"));
        assertEquals(folder.resolve("top.dat"), f.resolve(base, "../top.dat", base.resolve("rec.hea"), "line 2", "the signal file"),
                "'..' that stays inside the folder is allowed");
        assertEquals(folder.resolve("sub/missing.dat"), f.resolve(base, "missing.dat", base.resolve("rec.hea"), "line 2", "the signal file"),
                "a missing file inside is left to the reader to report");
    }

    @Test
    void anAbsoluteNameIsRefusedNamingTheHeaderLine() throws IOException {
        ReadException e = refused(SourceFolder.of(folder, false), outside.toString());
        assertEquals(folder.resolve("sub/rec.hea"), e.file());
        assertEquals("line 2", e.location());
        assertEquals("the signal file '" + outside + "' is outside the folder " + folder
                + "; the files that a header, a recipe or a bundle names must sit inside that folder", e.problem());
    }

    @Test
    void climbingOutWithDotDotIsRefusedEvenWhenLinksAreFollowed() throws IOException {
        ReadException e = refused(SourceFolder.of(folder, true), "../../secret.txt");
        assertTrue(e.problem().startsWith("the signal file '../../secret.txt' is outside the folder " + folder), e.problem());
    }

    @Test
    void aLinkOutOfTheFolderIsRefusedUnlessLinksAreFollowed() throws IOException {
        Files.createSymbolicLink(folder.resolve("sub/link.dat"), outside);
        ReadException e = refused(SourceFolder.of(folder, false), "link.dat");
        assertTrue(e.problem().contains("'link.dat' leads through a symbolic link to " + outside.toRealPath() + ", outside the folder "
                + folder + " (add --follow-links to follow such links)"), e.problem());
        assertEquals(folder.resolve("sub/link.dat"), SourceFolder.of(folder, true)
                .resolve(folder.resolve("sub"), "link.dat", folder.resolve("sub/rec.hea"), "line 2", "the signal file"));
        Optional<String> strict = SourceFolder.strict(folder).whyOutside(folder.resolve("sub/link.dat"));
        assertTrue(strict.isPresent() && !strict.get().contains("--follow-links"), "no advice where links cannot be followed: " + strict);
    }

    @Test
    void aLinkedFolderOutsideIsRefusedForEveryFileUnderIt() throws IOException {
        Files.createSymbolicLink(folder.resolve("elsewhere"), tmp);
        SourceFolder f = SourceFolder.of(folder, false);
        assertTrue(f.whyOutside(folder.resolve("elsewhere/secret.txt")).isPresent());
        assertTrue(f.whyNotFollowed(folder.resolve("elsewhere")).orElseThrow().startsWith("a symbolic link to " + tmp.toRealPath()
                + ", outside the folder " + folder + "; not followed (add --follow-links to follow such links)"));
    }

    @Test
    void aLinkThatStaysInsideIsFollowed() throws IOException {
        Files.createSymbolicLink(folder.resolve("alias.dat"), folder.resolve("sub/rec.dat"));
        Files.createSymbolicLink(folder.resolve("all"), folder.resolve("sub"));
        SourceFolder f = SourceFolder.of(folder, false);
        assertEquals(Optional.empty(), f.whyNotFollowed(folder.resolve("alias.dat")));
        assertEquals(Optional.empty(), f.whyNotFollowed(folder.resolve("all")));
        assertEquals(Optional.empty(), f.whyOutside(folder.resolve("all/rec.dat")));
    }

    @Test
    void aFolderReachedThroughALinkIsJudgedByWhereItReallyIs() throws IOException {
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), folder);
        SourceFolder f = SourceFolder.of(alias, false);
        assertEquals(alias.resolve("sub/rec.dat"), f.resolve(alias.resolve("sub"), "rec.dat", alias.resolve("sub/rec.hea"), null, "the file"));
        assertTrue(f.whyOutside(alias.resolve("../secret.txt")).isPresent());
    }

    @Test
    void danglingAndLoopingLinksAreNamedAsSuch() throws IOException {
        SourceFolder f = SourceFolder.of(folder, true);
        Path dangling = Files.createSymbolicLink(folder.resolve("gone.csv"), folder.resolve("nowhere.csv"));
        Path loop = Files.createSymbolicLink(folder.resolve("loop.csv"), folder.resolve("loop.csv"));
        assertEquals("a symbolic link to " + folder.resolve("nowhere.csv") + ", which does not exist; nothing to import",
                f.whyNotFollowed(dangling).orElseThrow());
        assertEquals("a symbolic link that loops back to itself through links; nothing to import", f.whyNotFollowed(loop).orElseThrow());
        assertEquals(Optional.empty(), f.whyNotFollowed(folder.resolve("sub/rec.dat")), "a plain file is taken");
        assertFalse(f.whyNotFollowed(Files.createSymbolicLink(folder.resolve("out.txt"), outside)).isPresent(),
                "--follow-links follows a link out of the folder");
    }

    @Test
    void aNameThatCannotBeAFileNameIsRefusedNamingTheHeaderLine() throws IOException {
        ReadException e = refused(SourceFolder.of(folder, false), "rec\u0000.dat");
        assertEquals("line 2", e.location());
        assertTrue(e.problem().startsWith("the signal file 'rec\u0000.dat' is not a possible file name: "), e.problem());
    }

    @Test
    void aMissingFolderIsRefusedByName() {
        ReadException e = assertThrows(ReadException.class, () -> SourceFolder.of(tmp.resolve("absent"), false));
        assertEquals("no such file or folder", e.problem());
    }
}

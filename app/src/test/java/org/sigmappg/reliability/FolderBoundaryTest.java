package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import reads only what lies inside the folder it was given: links out of it are skipped and listed
 * (followed only with --follow-links), and nothing a file outside holds ever reaches the output.
 */
class FolderBoundaryTest {
    private static final double FS = 50;
    /** Lines of a file outside the folder that no output may ever quote. */
    private static final String SECRET = "secret-line-one,never-shown\nsecret-line-two,never-shown\n";
    private static int cases;

    @TempDir
    Path tmp;

    private Cli.Result importing(Path src, String name, String... options) {
        List<String> args = new ArrayList<>(List.of("import", src.toString(), "--name", name, "--workspace", tmp.resolve("ws").toString()));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void assertNotQuoted(Cli.Result r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("secret-line") || all.contains("never-shown"), "content of a file outside the folder was shown: " + all);
    }

    @Test
    void theContentOfAFileOutsideTheFolderIsNeverShown() throws Exception {
        Path src = tmp.resolve("src");
        Path secret = Recordings.write(tmp.resolve("private.csv"), SECRET);
        Files.createDirectories(src);
        Files.createSymbolicLink(src.resolve("x.csv"), secret);

        for (Cli.Result refused : List.of(importing(src, "d", "--json"), importing(src, "d"))) {
            assertEquals(1, refused.code(), refused.out() + refused.err());
            assertNotQuoted(refused);
            assertTrue(refused.err().contains("x.csv: a symbolic link to " + secret.toRealPath() + ", outside the folder"), refused.err());
        }

        Recordings.pulseCsv(src.resolve("good.csv"), FS, 30);
        Cli.Result kept = importing(src, "d", "--skip-bad");
        assertEquals(0, kept.code(), kept.err());
        assertNotQuoted(kept);
        assertTrue(kept.out().contains("skipped x.csv: a symbolic link to " + secret.toRealPath()), kept.out());
        Path ws = tmp.resolve("ws");
        for (String[] listing : new String[][] {{"datasets"}, {"inspect", "d"}, {"inspect", "d", "--json"}}) {
            List<String> args = new ArrayList<>(List.of(listing));
            args.addAll(List.of("--workspace", ws.toString()));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            assertNotQuoted(r);
        }
        assertEquals(1, Cli.assertWhole(ws).get(0).records());
        cases++;
    }

    @Test
    void followLinksImportsRecordingsLinkedFromOutsideButNotNamesThatClimbOut() throws Exception {
        Path store = tmp.resolve("store");
        Recordings.goodWfdb(store, "rec", 125, 20);
        Recordings.pulseCsv(store.resolve("a.csv"), FS, 30);
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (String name : new String[] {"rec.hea", "rec.dat", "a.csv"}) {
            Files.createSymbolicLink(src.resolve(name), store.resolve(name));
        }

        Cli.Result refused = importing(src, "d", "--json");
        assertEquals(1, refused.code(), refused.out());
        Cli.assertPlain(refused.error());
        assertTrue(refused.error().endsWith("/src/a.csv: a symbolic link to " + store.resolve("a.csv").toRealPath() + ", outside the folder "
                + src + "; not followed (add --follow-links to follow such links) (and 2 more problems); no other recordings found"),
                refused.error());
        MalformedInputTest.assertNothingLeft(tmp.resolve("ws"));

        Cli.Result followed = importing(src, "d", "--json", "--follow-links");
        assertEquals(0, followed.code(), followed.err());
        assertEquals(2, followed.json().get("records").getAsInt(), followed.out());
        assertEquals(0, followed.json().getAsJsonArray("skipped").size(), followed.out());

        int[] d = Recordings.digitalPulse(125, 2500);
        Recordings.write(tmp.resolve("outside.dat"), Recordings.format16(d));
        Recordings.write(src.resolve("climb.hea"), "climb 1 125 2500\n" + Recordings.signalLine("../outside", "1000/mV", d) + "\n");
        Cli.Result climbing = importing(src, "e", "--json", "--follow-links");
        assertEquals(1, climbing.code(), climbing.out());
        assertTrue(climbing.error().contains("climb.hea line 2: the signal file '../outside.dat' is outside the folder"), climbing.error());
        cases++;
    }

    @Test
    void linksThatStayInsideTheFolderAreFollowed() throws Exception {
        Path src = tmp.resolve("src");
        Recordings.pulseCsv(src.resolve("sub/a.csv"), FS, 30);
        Files.createSymbolicLink(src.resolve("alias.csv"), src.resolve("sub/a.csv"));
        Files.createSymbolicLink(src.resolve("all"), Path.of("sub"));
        Path alias = Files.createSymbolicLink(tmp.resolve("data"), src);

        Cli.Result r = importing(alias, "d", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = r.json();
        assertEquals(3, j.get("records").getAsInt(), "sub/a.csv, and the same file through the two links: " + r.out());
        assertEquals(0, j.getAsJsonArray("skipped").size(), r.out());
        cases++;
    }

    @Test
    void aSingleFileImportJudgesOnlyThatFile() throws Exception {
        Path src = tmp.resolve("src");
        Path good = Recordings.pulseCsv(src.resolve("a.csv"), FS, 30);
        Files.createSymbolicLink(src.resolve("gone.csv"), src.resolve("nowhere.csv"));
        Files.createSymbolicLink(src.resolve("out.csv"), Recordings.write(tmp.resolve("private.csv"), SECRET));

        Cli.Result r = importing(good, "a", "--json");
        assertEquals(0, r.code(), "the links beside the file are not part of its import: " + r.out() + r.err());
        assertEquals(0, r.json().getAsJsonArray("skipped").size(), r.out());

        Cli.Result link = importing(src.resolve("out.csv"), "b", "--json");
        assertEquals(1, link.code(), link.out());
        assertNotQuoted(link);
        assertTrue(link.error().contains("out.csv: a symbolic link to "), link.error());
        cases++;
    }

    @AfterAll
    static void figures() {
        Figures.report("imports held to their folder (links out skipped and listed, --follow-links, single files) " + cases);
    }
}

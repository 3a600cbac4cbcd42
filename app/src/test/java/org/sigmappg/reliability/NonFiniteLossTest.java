package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** A learning rate that blows the loss up stops the command with the step named and the run FAILED. */
class NonFiniteLossTest {
    @TempDir
    Path tmp;

    @Test
    void aDivergingRunFailsNamingTheStep() throws Exception {
        Path src = tmp.resolve("src");
        for (int i = 0; i < 6; i++) {
            Recordings.pulseCsv(src.resolve("s" + i + ".csv"), 50, 60);
        }
        Path ws = tmp.resolve("ws");
        assertEquals(0, Cli.run("import", src.toString(), "--name", "small", "--window-seconds", "10", "--workspace", ws.toString()).code());
        List<String> args = new ArrayList<>(List.of("train-tokenizer", "--workspace", ws.toString(), "--json", "--dataset", "small",
                "--lr", "1e30"));
        args.addAll(List.of(KillTest.TINY));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(1, r.code(), r.out());
        Cli.assertPlain(r.error());
        Matcher m = Pattern.compile("^step (\\d+) \\(epoch \\d+\\): the loss became (NaN|Infinity|-Infinity)").matcher(r.error());
        assertTrue(m.find(), r.error());
        RunInfo run = new RunStore(Workspace.open(ws)).list().get(0);
        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(run.message().startsWith("step " + m.group(1) + " "), run.message());
        Figures.report("a diverging run (learning rate 1e30) stopped as FAILED at step " + m.group(1) + " with the loss " + m.group(2));
    }
}

package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * {@code --threads N} reaches the engine (the run records the thread count it trained with), a count below one is
 * refused, and OpenMP waits passively unless the user chose otherwise (a loaded machine slowed spinning threads tenfold).
 */
class ThreadsOptionTest {
    @TempDir
    Path tmp;

    @Test
    void theThreadCountReachesTheEngineAndIsRecorded() throws Exception {
        String ws = tmp.resolve("ws").toString();
        ChildJvm.Finished imported = ChildJvm.run(tmp, "import", TestWorkspaces.sampleData().toString(), "--name", "sample", "--workspace", ws, "--json");
        assertEquals(0, imported.code(), imported.err());
        ChildJvm.Finished trained = ChildJvm.run(tmp, "train-tokenizer", "--dataset", "sample", "--size", "tiny", "--epochs", "1",
                "--threads", "1", "--workspace", ws, "--json");
        assertEquals(0, trained.code(), trained.err());
        String run = JsonParser.parseString(trained.out()).getAsJsonObject().get("run").getAsString();
        String engine = new RunStore(Workspace.open(Path.of(ws))).require(run).engine();
        assertTrue(engine.endsWith(", 1 intra-op threads"), engine);

        ChildJvm.Finished refused = ChildJvm.run(tmp, "tokenize", "--run", run, "--dataset", "sample", "--threads", "0", "--workspace", ws,
                "--json");
        assertEquals(1, refused.code());
        assertEquals("--threads must be at least 1, got 0", JsonParser.parseString(refused.out()).getAsJsonObject().get("error").getAsString());
    }
}

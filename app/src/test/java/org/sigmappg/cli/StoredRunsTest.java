package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.TokenizerRunParams;

/**
 * Runs as workspaces already hold them: the parameters and command lines in {@code stored-runs/} were written by the
 * command line of the build before run recipes (tok-0002, pre-0003, eval-0001, ft-0001 with non-default options;
 * pre-0001 is the sample set's own run).
 */
class StoredRunsTest {
    static JsonObject stored(String id) throws IOException {
        try (InputStream in = StoredRunsTest.class.getResourceAsStream("/stored-runs/" + id + ".json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    @Test
    void storedParametersStillRead() throws IOException {
        TokenizerRunParams tok = TokenizerRunParams.fromJson(stored("tok-0002").get("params").getAsString());
        assertEquals("sample-data", tok.dataset());
        assertEquals(0.5, tok.model().consistencyWeight());
        PretrainRunParams pre = PretrainRunParams.fromJson(stored("pre-0003").get("params").getAsString());
        assertEquals(0.4, pre.model().masking().maskRatio());
        assertEquals(3, pre.seed());
        EvaluationParams eval = EvaluationParams.fromJson(stored("eval-0001").get("params").getAsString());
        assertEquals(4, eval.finetune().patience());
        EvaluationParams ft = EvaluationParams.fromJson(stored("ft-0001").get("params").getAsString());
        assertEquals(0, ft.folds());
    }
}

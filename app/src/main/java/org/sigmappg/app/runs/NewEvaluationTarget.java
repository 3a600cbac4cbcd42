package org.sigmappg.app.runs;

import org.sigmappg.app.shell.NavTarget;
import org.sigmappg.eval.EvaluationTask;

/** The sheet that starts an evaluation ({@code evaluate}) or fine-tuning ({@code finetune}) run. */
public record NewEvaluationTarget(String kind) implements NavTarget {
    @Override
    public String title() {
        return EvaluationTask.FINETUNE_KIND.equals(kind) ? "New fine-tuning run" : "New evaluation";
    }

    @Override
    public String key() {
        return "new-evaluation:" + kind;
    }
}

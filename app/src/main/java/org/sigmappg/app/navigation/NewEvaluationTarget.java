package org.sigmappg.app.navigation;

import org.sigmappg.eval.EvaluationTask;

/**
 * The sheet that starts an evaluation ({@code evaluate}) or fine-tuning ({@code finetune}) run.
 *
 * @param backbone a run whose student the sheet starts with (as {@code sigma:RUN}, or as the backbone to fine-tune), or null
 */
public record NewEvaluationTarget(String kind, String backbone) implements NavTarget {
    /** The sheet with its defaults. */
    public NewEvaluationTarget(String kind) {
        this(kind, null);
    }

    @Override
    public String title() {
        return EvaluationTask.FINETUNE_KIND.equals(kind) ? "New fine-tuning run" : "New evaluation";
    }

    /** One sheet per kind: asking for it with a backbone fills the open sheet with that backbone. */
    @Override
    public String key() {
        return "new-evaluation:" + kind;
    }
}

package org.sigmappg.app.navigation;

import org.sigmappg.eval.EvaluationTask;


/** The dashboard of one evaluation (or fine-tuning) run: its task's figures per method, from what the run stored. */
public record TaskDashboardTarget(String run) implements NavTarget {
    /** Whether runs of {@code kind} have a dashboard (evaluation and fine-tuning runs). */
    public static boolean hasDashboard(String kind) {
        return EvaluationTask.KIND.equals(kind) || EvaluationTask.FINETUNE_KIND.equals(kind);
    }

    @Override
    public String title() {
        return "dashboard " + run;
    }

    @Override
    public String key() {
        return "dashboard:" + run;
    }
}

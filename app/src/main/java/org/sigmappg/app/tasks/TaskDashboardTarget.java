package org.sigmappg.app.tasks;

import org.sigmappg.app.shell.NavTarget;

/** The dashboard of one evaluation (or fine-tuning) run: its task's figures per method, from what the run stored. */
public record TaskDashboardTarget(String run) implements NavTarget {
    @Override
    public String title() {
        return "dashboard " + run;
    }

    @Override
    public String key() {
        return "dashboard:" + run;
    }
}

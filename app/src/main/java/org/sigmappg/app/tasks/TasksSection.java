package org.sigmappg.app.tasks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sigmappg.app.navigation.TaskDashboardTarget;
import org.sigmappg.app.navigation.TasksTarget;
import org.sigmappg.app.shell.NavNode;
import org.sigmappg.app.shell.NavigationSection;
import org.sigmappg.data.Catalogue;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * The Tasks section of the navigation tree: one node per label a downstream task can predict, then one per
 * finished evaluation or fine-tuning run (task, dataset, run), which opens that run's dashboard.
 */
public final class TasksSection implements NavigationSection {
    @Override
    public String title() {
        return "Tasks";
    }

    @Override
    public NavNode load(Workspace workspace) throws IOException {
        List<NavNode> nodes = new ArrayList<>(TaskLabels.names(TaskLabels.load(new Catalogue(workspace))).stream()
                .map(name -> NavNode.leaf(name, new TasksTarget(name), "task", "task:" + name)).toList());
        List<RunInfo> runs = new ArrayList<>(new RunStore(workspace).list());
        Collections.reverse(runs);
        for (RunInfo r : runs) {
            if (TaskDashboardTarget.hasDashboard(r.kind()) && r.status() == RunStatus.FINISHED) {
                nodes.add(NavNode.leaf(taskName(r) + " \u00b7 " + r.dataset() + " \u00b7 " + r.id(), new TaskDashboardTarget(r.id()), "dashboard",
                        "dashboard:" + r.id()));
            }
        }
        return new NavNode("Tasks", new TasksTarget(null), "section", "section:tasks", nodes);
    }

    private static String taskName(RunInfo r) {
        try {
            return EvaluationParams.fromJson(r.params()).task().name();
        } catch (RuntimeException unreadable) {
            return r.kind();
        }
    }
}

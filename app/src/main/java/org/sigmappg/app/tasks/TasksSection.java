package org.sigmappg.app.tasks;

import java.io.IOException;
import java.util.List;
import org.sigmappg.app.shell.NavNode;
import org.sigmappg.app.shell.NavigationSection;
import org.sigmappg.data.Catalogue;
import org.sigmappg.run.Workspace;

/** The Tasks section of the navigation tree: one node per label a downstream task can predict. */
public final class TasksSection implements NavigationSection {
    @Override
    public String title() {
        return "Tasks";
    }

    @Override
    public NavNode load(Workspace workspace) throws IOException {
        List<NavNode> labels = TaskLabels.names(TaskLabels.load(new Catalogue(workspace))).stream()
                .map(name -> NavNode.leaf(name, new TasksTarget(name), "task", "task:" + name)).toList();
        return new NavNode("Tasks", new TasksTarget(null), "section", "section:tasks", labels);
    }
}

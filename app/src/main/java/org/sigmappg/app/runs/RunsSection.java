package org.sigmappg.app.runs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sigmappg.app.shell.NavNode;
import org.sigmappg.app.shell.NavigationSection;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** The Runs section of the navigation tree: every run of the workspace, newest first, with its status. */
public final class RunsSection implements NavigationSection {
    @Override
    public String title() {
        return "Runs";
    }

    @Override
    public NavNode load(Workspace workspace) throws IOException {
        List<NavNode> runs = new ArrayList<>();
        for (RunInfo r : new RunStore(workspace).list()) {
            runs.add(NavNode.leaf(r.id() + "  " + r.status().name().toLowerCase(java.util.Locale.ROOT), new RunsTarget(r.id()),
                    "run", "run:" + r.id()));
        }
        return new NavNode("Runs", new RunsTarget(null), "section", "section:runs", runs);
    }
}

package org.sigmappg.app.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sigmappg.app.navigation.CodesTarget;
import org.sigmappg.app.navigation.MasksTarget;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.navigation.RunsTarget;
import org.sigmappg.app.shell.NavNode;
import org.sigmappg.app.shell.NavigationSection;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerTask;

/**
 * The Runs section of the navigation tree: every run of the workspace, newest first, with its status in words and as
 * its icon; under a tokenizer run the codes of each dataset it tokenized, under a pre-training run its masks. While a
 * run is queued or training the tree reads the section again every few seconds.
 */
public final class RunsSection implements NavigationSection {
    /** Name prefix of the artifacts holding a tokenizer's codes of a dataset ({@code codes:sample}). */
    public static final String CODES_ARTIFACT = "codes:";

    @Override
    public String title() {
        return "Runs";
    }

    @Override
    public NavNode load(Workspace workspace) throws IOException {
        RunStore store = new RunStore(workspace);
        List<RunInfo> all = new ArrayList<>(store.list());
        java.util.Collections.reverse(all);
        List<NavNode> runs = new ArrayList<>();
        for (RunInfo r : all) {
            List<NavNode> children = new ArrayList<>();
            if (TokenizerTask.KIND.equals(r.kind())) {
                for (RunStore.Artifact a : store.artifacts(r.id())) {
                    if (a.name().startsWith(CODES_ARTIFACT)) {
                        String dataset = a.name().substring(CODES_ARTIFACT.length());
                        children.add(NavNode.leaf("codes \u00b7 " + dataset, new CodesTarget(r.id(), dataset), "codes",
                                "codes:" + r.id() + ":" + dataset));
                    }
                }
            } else if (PretrainTask.KIND.equals(r.kind()) && Files.exists(workspace.runsDirectory().resolve(r.id()).resolve(PretrainTask.INSPECTION))) {
                children.add(NavNode.leaf("masks", new MasksTarget(r.id()), "masks", "masks:" + r.id()));
            }
            String status = r.status().name().toLowerCase(Locale.ROOT);
            runs.add(new NavNode(r.id() + "  " + status, new RunTarget(r.id()), kind(r.status()), "run:" + r.id(), children));
        }
        return new NavNode("Runs", new RunsTarget(null), "section", "section:runs", runs);
    }

    /** The node kind of a run, which gives it the icon of its status: {@code run-finished}, {@code run-cancelled}, ... */
    static String kind(RunStatus status) {
        return "run-" + status.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean live(NavNode loaded) {
        return loaded.children().stream().anyMatch(n -> n.kind().equals(kind(RunStatus.QUEUED)) || n.kind().equals(kind(RunStatus.RUNNING)));
    }
}

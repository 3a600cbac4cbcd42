package org.sigmappg.app.datasets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.app.navigation.DatasetsTarget;
import org.sigmappg.app.shell.NavNode;
import org.sigmappg.app.shell.NavigationSection;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.run.Workspace;

/** The Datasets section of the navigation tree: datasets, their subjects, and each subject's records. */
public final class DatasetsSection implements NavigationSection {
    @Override
    public String title() {
        return "Datasets";
    }

    @Override
    public NavNode load(Workspace workspace) throws IOException {
        Catalogue catalogue = new Catalogue(workspace);
        List<NavNode> datasets = new ArrayList<>();
        for (DatasetInfo d : catalogue.datasets()) {
            Map<String, List<NavNode>> bySubject = new LinkedHashMap<>();
            for (RecordInfo r : catalogue.records(d.id())) {
                bySubject.computeIfAbsent(r.subject(), k -> new ArrayList<>()).add(NavNode.leaf(r.name(),
                        new RecordTarget(d.name(), r.name()), r.flatSamples() + r.clippedSamples() + r.missingSamples() > 0 ? "record-flagged" : "record",
                        "record:" + d.name() + "/" + r.name()));
            }
            List<NavNode> subjects = new ArrayList<>();
            bySubject.forEach((subject, records) -> subjects.add(new NavNode(subject + "  (" + records.size() + ")",
                    new DatasetsTarget(d.name(), subject), "subject", "subject:" + d.name() + "/" + subject, records)));
            datasets.add(new NavNode(d.name() + "  (" + d.records() + ")", new DatasetsTarget(d.name(), null), "dataset",
                    "dataset:" + d.name(), subjects));
        }
        return new NavNode("Datasets", DatasetsTarget.catalogue(), "section", "section:datasets", datasets);
    }
}

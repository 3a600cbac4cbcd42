package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.run.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the datasets of the workspace, or removes one. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the datasets in the workspace (records, subjects, windows, skipped files).")
public final class DatasetsCommand extends CliCommand {
    @Option(names = "--delete", paramLabel = "NAME", description = "Remove this dataset and its cache.")
    String delete;

    @Override
    protected Object execute() throws Exception {
        Workspace ws = common.openWorkspace();
        Catalogue catalogue = new Catalogue(ws);
        if (delete != null) {
            return Map.of("deleted", catalogue.deleteDataset(delete).name());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DatasetInfo d : catalogue.datasets()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dataset", d.name());
            row.put("layout", d.layout());
            row.put("records", d.records());
            row.put("subjects", d.subjects());
            row.put("windows", d.windows());
            row.put("dropped_windows", d.droppedWindows());
            row.put("skipped", d.skipped());
            row.put("warnings", d.warnings());
            row.put("source", d.source());
            row.put("created", d.created());
            row.put("manifest_hash", d.manifestHash());
            rows.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("workspace", ws.directory().toString());
        result.put("datasets", rows);
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void printHuman(Object result, PrintWriter out) {
        Map<String, Object> r = (Map<String, Object>) result;
        if (r.containsKey("deleted")) {
            out.println("deleted dataset " + r.get("deleted"));
            return;
        }
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.get("datasets");
        out.println("workspace " + shown(r.get("workspace")));
        if (rows.isEmpty()) {
            out.println("no datasets yet; import one with: sigma-ppg import PATH --name NAME");
            return;
        }
        TextTable table = new TextTable("dataset", "layout", ">records", ">subjects", ">windows", ">skipped", "source");
        for (Map<String, Object> row : rows) {
            table.add(row.get("dataset"), row.get("layout"), row.get("records"), row.get("subjects"), row.get("windows"),
                    ((List<?>) row.get("skipped")).size(), row.get("source"));
        }
        table.print(out);
    }
}

package org.sigmappg.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.eval.RunOverview;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the runs of the workspace with the figures the workbench's Runs table shows. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the runs in the workspace, newest first: id, kind, dataset, status, epochs and steps, when it started, "
                + "the time it spent running (not the time it sat cancelled) and its headline figure.")
public final class RunsCommand extends CliCommand {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    @Option(names = "--dataset", paramLabel = "NAME", description = "Only the runs on this dataset.")
    String dataset;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only the runs of this kind: tokenizer, pretrain, evaluate, finetune or imported.")
    String kind;

    @Override
    protected Object execute() throws Exception {
        if (kind != null && RunKinds.find(kind).isEmpty()) {
            throw new IllegalArgumentException("--kind " + kind + " is no kind of run; choose "
                    + String.join(", ", RunKinds.all().stream().map(RunKinds.RunKind::kind).toList()));
        }
        Workspace ws = common.openWorkspace();
        List<RunOverview> all = RunOverview.list(new RunStore(ws), Instant.now());
        if (dataset != null) {
            Set<String> known = new TreeSet<>(new Catalogue(ws).datasets().stream().map(DatasetInfo::name).toList());
            all.stream().map(r -> r.info().dataset()).filter(d -> d != null).forEach(known::add);
            if (!known.contains(dataset)) {
                throw new IllegalArgumentException("--dataset " + dataset + ": no dataset or run of that name in workspace " + ws.directory()
                        + (known.isEmpty() ? "" : " (datasets: " + String.join(", ", known) + ")"));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunOverview r : all) {
            if ((dataset != null && !dataset.equals(r.info().dataset())) || (kind != null && !kind.equals(r.info().kind()))) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run", r.id());
            row.put("kind", r.info().kind());
            row.put("dataset", r.info().dataset());
            row.put("status", r.status());
            row.put("epochs_done", r.epochsDone());
            row.put("epochs", r.epochsPlanned());
            row.put("steps", r.steps());
            row.put("started", r.info().started());
            row.put("running_seconds", r.running().getSeconds());
            row.put("device", r.device());
            row.put("headline", r.headline());
            row.put("progress", r.progressText());
            row.put("duration", r.durationText());
            rows.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("workspace", ws.directory().toString());
        result.put("runs", rows);
        return result;
    }

    @Override
    protected boolean jsonKeepsNulls() {
        // A run not started yet has no start time: the key stays for scripts.
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void printHuman(Object result, PrintWriter out) {
        Map<String, Object> r = (Map<String, Object>) result;
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.get("runs");
        out.println("workspace " + shown(r.get("workspace")));
        if (rows.isEmpty()) {
            out.println(dataset == null && kind == null ? "no runs yet; start one with: sigma-ppg train-tokenizer --dataset NAME"
                    : "no runs" + (kind == null ? "" : " of kind " + kind) + (dataset == null ? "" : " on dataset " + dataset));
            return;
        }
        List<String> headers = List.of("run", "kind", "dataset", "status", "progress", "started", "duration", "device", "headline");
        List<Function<Map<String, Object>, String>> cells = List.of(row -> text(row.get("run")), row -> text(row.get("kind")),
                row -> text(row.get("dataset")), row -> text(row.get("status")), row -> text(row.get("progress")),
                row -> started((String) row.get("started")), row -> text(row.get("duration")), row -> text(row.get("device")),
                row -> text(row.get("headline")));
        // Columns as wide as their longest entry, so long dataset names do not push the rest out of line.
        int[] width = new int[headers.size()];
        for (int c = 0; c < headers.size(); c++) {
            width[c] = headers.get(c).length();
            for (Map<String, Object> row : rows) {
                width[c] = Math.max(width[c], cells.get(c).apply(row).length());
            }
        }
        out.println(line(headers, width));
        for (Map<String, Object> row : rows) {
            out.println(line(cells.stream().map(f -> f.apply(row)).toList(), width));
        }
    }

    private static String text(Object value) {
        return value == null ? "" : shown(value);
    }

    private static String started(String iso) {
        return iso == null ? "" : WHEN.format(Instant.parse(iso).atZone(ZoneId.systemDefault()));
    }

    private static String line(List<String> values, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < values.size(); c++) {
            boolean last = c == values.size() - 1;
            sb.append(last ? values.get(c) : String.format(Locale.ROOT, "%-" + width[c] + "s  ", values.get(c)));
        }
        return sb.toString().stripTrailing();
    }
}

package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.run.CatalogueBackups;
import org.sigmappg.run.Workspace;
import picocli.CommandLine.Command;

/** Puts the latest good backup in place of a damaged, empty or missing catalogue. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Replace a damaged, empty or missing catalogue (workspace.db) with its latest backup that passes",
                "SQLite's integrity check. The old catalogue is kept in backups/ as damaged-*, and folders written after the",
                "backup (which the restored catalogue does not name) are moved to backups/unlisted-*. A healthy catalogue",
                "is left as it is."})
public final class WorkspaceRestoreCommand extends CliCommand {
    @Override
    protected Object execute() throws Exception {
        Path dir = common.workspace != null ? common.workspace : Workspace.defaultDirectory();
        CatalogueBackups.Restored r = CatalogueBackups.restore(dir);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workspace", dir.toAbsolutePath().normalize().toString());
        out.put("restored_from", r.backup().toString());
        out.put("damaged_kept_as", r.damagedKeptAs() == null ? null : r.damagedKeptAs().toString());
        out.put("set_aside", r.setAside().stream().map(Path::toString).toList());
        return out;
    }

    @Override
    protected boolean jsonKeepsNulls() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void printHuman(Object result, PrintWriter out) {
        Map<String, Object> r = (Map<String, Object>) result;
        out.println("restored the catalogue of " + r.get("workspace") + " from " + r.get("restored_from"));
        if (r.get("damaged_kept_as") != null) {
            out.println("the catalogue it replaced is kept as " + r.get("damaged_kept_as"));
        }
        List<String> aside = (List<String>) r.get("set_aside");
        if (!aside.isEmpty()) {
            out.println(aside.size() + " folder(s) written after that backup, which the restored catalogue does not name, were moved to "
                    + Path.of(aside.get(0)).getParent().getParent());
        }
    }
}

package org.sigmappg.app.runs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;

/**
 * The lines of a run page's log, without JavaFX: the events the run store recorded (created, started, cancelled,
 * resumed, finished, ...) with the message each stop left, and while the run trains its latest progress message. A
 * run without recorded events (one imported from a bundle) shows the times its record keeps.
 */
final class RunLog {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** One line: when (an ISO instant) and what. */
    record Line(String time, String what) {
        /** The line as the log shows it, in {@code zone}: {@code 2026-12-06 10:04:31  resumed}. */
        String text(ZoneId zone) {
            String t;
            try {
                t = WHEN.format(Instant.parse(time).atZone(zone));
            } catch (DateTimeParseException | NullPointerException unknown) {
                t = "";
            }
            return t + "  " + what;
        }
    }

    private RunLog() {
    }

    static List<Line> lines(RunInfo run, List<RunStore.Event> events) {
        List<Line> out = new ArrayList<>();
        if (events.isEmpty()) {
            add(out, run.created(), "created");
            add(out, run.started(), "started");
            add(out, run.ended(), run.status().name().toLowerCase(Locale.ROOT) + (run.message() == null ? "" : ": " + run.message()));
        }
        for (RunStore.Event e : events) {
            add(out, e.time(), e.name() + (e.message() == null || e.message().isBlank() ? "" : ": " + e.message()));
        }
        if (run.status() == RunStatus.RUNNING && run.message() != null) {
            add(out, run.heartbeat(), run.message());
        }
        return out;
    }

    private static void add(List<Line> out, String time, String what) {
        if (time != null) {
            out.add(new Line(time, what));
        }
    }
}

package org.sigmappg.app.runs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.eval.RunOverview;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;

/**
 * One line of the Runs table, without JavaFX: core's {@link RunOverview} (the figures the {@code runs} command prints)
 * with its start in the local time zone.
 */
public record RunRow(RunOverview overview, String started) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    public static RunRow of(RunOverview overview, ZoneId zone) {
        return new RunRow(overview, when(overview.info().started(), zone));
    }

    /** A run read on its own, without its log (its duration then counts from its start to its end). */
    public static RunRow of(RunInfo info, Map<String, List<RunStore.Metric>> metrics, Instant now, ZoneId zone) {
        return of(RunOverview.of(info, List.of(), metrics, null, now), zone);
    }

    public RunInfo info() {
        return overview.info();
    }

    public String id() {
        return overview.id();
    }

    public String status() {
        return overview.status();
    }

    public String size() {
        return overview.size();
    }

    public String progress() {
        return overview.progressText();
    }

    public String duration() {
        return overview.durationText();
    }

    public String device() {
        return overview.device();
    }

    public String headline() {
        return overview.headline();
    }

    /** An ISO instant as local date and time ({@code 2026-11-24 06:42}), or empty when there is none. */
    public static String when(String iso, ZoneId zone) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return WHEN.format(Instant.parse(iso).atZone(zone));
        } catch (DateTimeParseException e) {
            return "";
        }
    }
}

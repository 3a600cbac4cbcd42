package org.sigmappg.io;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a reader returns for one record: its channels in physical units, labels that came with it, and
 * free-text annotations (WFDB header comments, EDF+ annotations).
 *
 * @param name record name (file stem unless the format names it)
 * @param source the file the record was read from (the header for WFDB)
 * @param start wall-clock time of the first sample, null if the file does not say
 * @param channels channels, possibly at different rates
 * @param labels time-aligned label series that the file itself carries (may be empty)
 * @param annotations key/value facts from the file ("comment.1" -&gt; "Asystole", ...)
 */
public record Recording(String name, Path source, Instant start, List<Channel> channels,
                        List<LabelSeries> labels, Map<String, String> annotations) {
    public Recording {
        channels = List.copyOf(channels);
        labels = labels == null ? List.of() : List.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The channel with this exact name, ignoring case. */
    public Optional<Channel> channel(String channelName) {
        String wanted = channelName.toLowerCase(Locale.ROOT);
        return channels.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}

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
 * @param unreadChannels channels the file has but the reader left out because it cannot decode them
 * @param warnings what the reader tolerated and a user should know, one plain sentence each
 */
public record Recording(String name, Path source, Instant start, List<Channel> channels,
                        List<LabelSeries> labels, Map<String, String> annotations,
                        List<UnreadChannel> unreadChannels, List<String> warnings) {
    public Recording {
        channels = List.copyOf(channels);
        labels = labels == null ? List.of() : List.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        unreadChannels = unreadChannels == null ? List.of() : List.copyOf(unreadChannels);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A recording that the reader read whole, without warnings. */
    public Recording(String name, Path source, Instant start, List<Channel> channels, List<LabelSeries> labels,
                     Map<String, String> annotations) {
        this(name, source, start, channels, labels, annotations, List.of(), List.of());
    }

    /**
     * A channel that the file has but the reader could not decode.
     *
     * @param name the channel's name in the file
     * @param reason why it was not read, a plain sentence naming the place in the file
     */
    public record UnreadChannel(String name, String reason) {
    }

    /** The channel with this exact name, ignoring case. */
    public Optional<Channel> channel(String channelName) {
        String wanted = channelName.toLowerCase(Locale.ROOT);
        return channels.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}

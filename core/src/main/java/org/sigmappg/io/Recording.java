package org.sigmappg.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
        // In the reader's order: Map.copyOf's order changes from one JVM to the next, and the catalogue stores them as JSON.
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
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

    /**
     * The identity of the recording's content, whatever is later kept of it: the SHA-256, in hex, of every channel the
     * reader decoded, in the file's order, each as its rate (IEEE double), its sample count (64-bit) and its samples
     * (IEEE float bits, NaN for missing), little-endian. Names, units, labels and the file's container are left out,
     * so the same recording imported under another name, with other channels chosen, or from a renamed copy keeps it.
     */
    public String contentHash() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Channel c : channels) {
            b.clear();
            b.putDouble(c.fs()).putLong(c.length());
            md.update(b.array(), 0, b.position());
            float[] x = c.samples();
            for (int i = 0; i < x.length; ) {
                b.clear();
                int n = Math.min(x.length - i, b.capacity() / Float.BYTES);
                b.asFloatBuffer().put(x, i, n);
                md.update(b.array(), 0, n * Float.BYTES);
                i += n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The channel with this exact name, ignoring case. */
    public Optional<Channel> channel(String channelName) {
        String wanted = channelName.toLowerCase(Locale.ROOT);
        return channels.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}

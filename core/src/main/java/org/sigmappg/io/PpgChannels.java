package org.sigmappg.io;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Picks the PPG channel of a recording by its name, as the formats and devices spell it. */
public final class PpgChannels {
    /** Names in order of preference, compared ignoring case, spaces, dashes and underscores. */
    public static final List<String> PREFERRED = List.of(
            "pleth", "ppg", "plethysmogram", "ppgir", "ir", "infrared", "ppggreen", "green", "g", "ppgred", "red",
            "bvp", "pulse", "hr", "pg", "ppgsignal", "signal", "value");

    private PpgChannels() {
    }

    /**
     * The channel named {@code wanted} if given, else the first channel whose name is a known PPG name,
     * else the only channel if there is just one.
     */
    public static Optional<Channel> choose(Recording recording, String wanted) {
        List<Channel> channels = recording.channels();
        if (wanted != null && !wanted.isBlank()) {
            return channels.stream().filter(c -> normalise(c.name()).equals(normalise(wanted))).findFirst();
        }
        for (String name : PREFERRED) {
            for (Channel c : channels) {
                if (normalise(c.name()).equals(name)) {
                    return Optional.of(c);
                }
            }
        }
        for (Channel c : channels) {
            String n = normalise(c.name());
            if (n.contains("pleth") || n.contains("ppg")) {
                return Optional.of(c);
            }
        }
        return channels.size() == 1 ? Optional.of(channels.get(0)) : Optional.empty();
    }

    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.\\[\\]()]", "");
    }
}

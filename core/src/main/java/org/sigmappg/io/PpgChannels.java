package org.sigmappg.io;

import java.util.ArrayList;
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
     * else the only channel if there is just one. The channels the reader left out take part in the choice,
     * so that another channel never stands in for a PPG channel that could not be decoded: choosing one of
     * them is refused with the reader's reason.
     */
    public static Optional<Channel> choose(Recording recording, String wanted) throws ReadException {
        List<Channel> channels = recording.channels();
        List<String> names = new ArrayList<>(channels.stream().map(Channel::name).toList());
        recording.unreadChannels().forEach(u -> names.add(u.name()));
        int chosen = chooseIndex(names, wanted);
        if (chosen < 0) {
            return Optional.empty();
        }
        if (chosen < channels.size()) {
            return Optional.of(channels.get(chosen));
        }
        Recording.UnreadChannel unread = recording.unreadChannels().get(chosen - channels.size());
        throw new ReadException(recording.source(), null, unread.reason()
                + (wanted == null || wanted.isBlank() ? "; it is the record's PPG channel by its name" : ""));
    }

    private static int chooseIndex(List<String> names, String wanted) {
        if (wanted != null && !wanted.isBlank()) {
            return names.stream().map(PpgChannels::normalise).toList().indexOf(normalise(wanted));
        }
        for (String preferred : PREFERRED) {
            for (int i = 0; i < names.size(); i++) {
                if (normalise(names.get(i)).equals(preferred)) {
                    return i;
                }
            }
        }
        for (int i = 0; i < names.size(); i++) {
            String n = normalise(names.get(i));
            if (n.contains("pleth") || n.contains("ppg")) {
                return i;
            }
        }
        return names.size() == 1 ? 0 : -1;
    }

    /** Whether two names denote the same channel: equal but for case, spaces, dashes, underscores, dots and brackets. */
    public static boolean sameName(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.\\[\\]()]", "");
    }
}

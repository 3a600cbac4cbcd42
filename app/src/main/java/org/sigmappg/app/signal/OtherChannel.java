package org.sigmappg.app.signal;

import java.util.List;
import org.sigmappg.io.Channel;

/**
 * A channel of the record besides the PPG channel plotted, shown read-only under it on the same time axis: another PPG
 * channel the dataset kept (an oximeter's infrared beside its red, from the cache) or another channel of the record's
 * file (ECG, arterial pressure, respiration); its samples min/max decimated for a strip of a given width, and the
 * value range the strip shows. No JavaFX here.
 */
public final class OtherChannel {
    /** The file's channels shown at first (the others are a click away): enough to compare, few enough to leave the PPG room. */
    public static final int SHOWN_AT_FIRST = 3;

    private final Channel channel;
    private final boolean kept;
    private final MinMaxDecimator decimator;

    private OtherChannel(Channel channel, boolean kept) {
        this.channel = channel;
        this.kept = kept;
        this.decimator = MinMaxDecimator.uniform(channel.samples(), channel.fs(), 0);
    }

    /** The file's other channels, their block summaries built now (call it off the JavaFX thread). */
    public static List<OtherChannel> of(List<Channel> channels) {
        return channels.stream().map(c -> new OtherChannel(c, false)).toList();
    }

    /** The other PPG channels the dataset kept, their block summaries built now (off the JavaFX thread). */
    public static List<OtherChannel> kept(List<Channel> channels) {
        return channels.stream().map(c -> new OtherChannel(c, true)).toList();
    }

    public String name() {
        return channel.name();
    }

    /** Whether it is a PPG channel the dataset kept (every one is shown), rather than another channel of the file. */
    public boolean isKept() {
        return kept;
    }

    /**
     * The channel's name with its unit, as its strip is titled: {@code II (mV)}, {@code RESP}; a kept PPG channel says
     * so: {@code IR (counts), PPG kept}.
     */
    public String title() {
        String named = channel.unit().isBlank() ? channel.name() : channel.name() + " (" + channel.unit().strip() + ")";
        return kept ? named + ", PPG kept" : named;
    }

    /** The points for a strip {@code columns} pixels wide showing {@code [start, end]} seconds. */
    public MinMaxDecimator.Envelope envelope(double start, double end, int columns, MinMaxDecimator.Envelope reuse) {
        return decimator.decimate(start, end, Math.max(1, columns), reuse);
    }

    /** The value range a strip shows for {@code env}: its values with a little room above and below. */
    public SignalExplorerModel.Range range(MinMaxDecimator.Envelope env) {
        return SignalExplorerModel.yRange(env.min(), env.max(), 0, 0);
    }
}

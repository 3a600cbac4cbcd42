package org.sigmappg.app.signal;

import java.util.List;
import org.sigmappg.io.Channel;

/**
 * A channel of the record's file besides its PPG (ECG, arterial pressure, respiration), shown read-only under the
 * PPG on the same time axis: its samples min/max decimated for a strip of a given width, and the value range
 * the strip shows. No JavaFX here.
 */
public final class OtherChannel {
    /** Channels shown at first (the others are a click away): enough to compare, few enough to leave the PPG room. */
    public static final int SHOWN_AT_FIRST = 3;

    private final Channel channel;
    private final MinMaxDecimator decimator;

    private OtherChannel(Channel channel) {
        this.channel = channel;
        this.decimator = MinMaxDecimator.uniform(channel.samples(), channel.fs(), 0);
    }

    /** The file's other channels, their block summaries built now (call it off the JavaFX thread). */
    public static List<OtherChannel> of(List<Channel> channels) {
        return channels.stream().map(OtherChannel::new).toList();
    }

    public String name() {
        return channel.name();
    }

    /** The channel's name with its unit, as its strip is titled: {@code II (mV)}, {@code RESP}. */
    public String title() {
        return channel.unit().isBlank() ? channel.name() : channel.name() + " (" + channel.unit().strip() + ")";
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

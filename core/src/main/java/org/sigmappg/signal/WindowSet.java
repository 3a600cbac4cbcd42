package org.sigmappg.signal;

import java.util.List;

/**
 * The windows cut from one signal, in time order, and the stretches that were dropped.
 *
 * @param kept windows that go to the model
 * @param dropped stretches that do not, with reasons
 */
public record WindowSet(List<Window> kept, List<DroppedWindow> dropped) {
    public WindowSet {
        kept = List.copyOf(kept);
        dropped = List.copyOf(dropped);
    }
}

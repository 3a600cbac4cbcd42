package org.sigmappg.app.signal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Tooltip;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.SourceChannels;
import org.sigmappg.io.Channel;

/**
 * The signal explorer's Channels menu: the record's other kept PPG channels and its file's other channels (ECG,
 * arterial pressure, respiration), each drawn as a strip under the PPG while ticked.
 */
final class OtherChannelsMenu {
    private final MenuButton menu = new MenuButton("Channels");
    private final ChannelStrips strips;
    private final Consumer<String> note;
    private final Runnable redraw;
    private List<OtherChannel> channels = List.of();

    /**
     * @param note says why channels could not be read, on the explorer's note line
     * @param redraw redraws the plot once the chosen strips change
     */
    OtherChannelsMenu(ChannelStrips strips, Consumer<String> note, Runnable redraw) {
        this.strips = strips;
        this.note = note;
        this.redraw = redraw;
        menu.setId("channels-menu");
        menu.setVisible(false);
        menu.setManaged(false);
    }

    MenuButton node() {
        return menu;
    }

    /**
     * Shows the record's other kept PPG channels (from the cache, every one of them) and reads the other channels of the
     * record's file to show beside the PPG, when the file has any: the cache keeps the PPG channels alone, so they come
     * from the file itself, as long as it still holds the PPG that was imported.
     */
    void load(WorkbenchContext context, RecordTarget t, RecordSignals signals) {
        float[] ppg = signals.raw();
        List<Channel> keptChannels = signals.keptChannels();
        context.background().read(() -> {
            Catalogue catalogue = context.catalogue();
            DatasetInfo d = catalogue.requireDataset(t.dataset());
            RecordInfo r = catalogue.record(d.id(), t.record()).orElseThrow(() -> new IOException("no record " + t.record()));
            List<OtherChannel> out = new ArrayList<>(OtherChannel.kept(keptChannels));
            if (r.channels().size() > r.keptChannels().size()) {
                Platform.runLater(() -> showMenu("Reading the file's other channels\u2026", true));
                try {
                    out.addAll(OtherChannel.of(SourceChannels.read(d, r, ppg)));
                } catch (IOException e) {
                    if (out.isEmpty()) {
                        throw e;
                    }
                    // The kept channels come from the cache and are shown all the same; the reason goes to the band notes.
                    Platform.runLater(() -> note.accept("Other channels: " + ErrorText.of(e)));
                }
            }
            return out;
        }, read -> {
            channels = read;
            if (read.isEmpty()) {
                return;
            }
            showMenu("The record's other PPG channels kept, and its file's other channels, read-only under the PPG on the "
                    + "same time axis", false);
            menu.getItems().clear();
            int fileChannels = 0;
            for (OtherChannel c : read) {
                CheckMenuItem item = new CheckMenuItem(c.title());
                // Every kept PPG channel is shown; of the file's other channels, the first few.
                item.setSelected(c.isKept() || fileChannels++ < OtherChannel.SHOWN_AT_FIRST);
                item.selectedProperty().addListener((o, a, b) -> showChosen());
                menu.getItems().add(item);
            }
            showChosen();
        }, error -> showMenu(ErrorText.of(error), true));
    }

    private void showMenu(String tip, boolean disabled) {
        menu.setVisible(true);
        menu.setManaged(true);
        menu.setDisable(disabled);
        menu.setTooltip(new Tooltip(tip));
        // A disabled control shows no tooltip: the reason also goes where the band notes go.
        if (disabled && !tip.endsWith("\u2026")) {
            note.accept("Other channels: " + tip);
        }
    }

    private void showChosen() {
        List<OtherChannel> chosen = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            if (((CheckMenuItem) menu.getItems().get(i)).isSelected()) {
                chosen.add(channels.get(i));
            }
        }
        strips.setChannels(chosen);
        redraw.run();
    }

    /** Ticks the channels with these names (and no others). */
    void show(Collection<String> names) {
        for (int i = 0; i < channels.size(); i++) {
            ((CheckMenuItem) menu.getItems().get(i)).setSelected(names.contains(channels.get(i).name()));
        }
    }

    /** The channels, once read (empty before, or when there are none). */
    List<OtherChannel> channels() {
        return channels;
    }
}

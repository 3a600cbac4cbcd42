package org.sigmappg.app.signal;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Separator;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.train.InspectionData;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.RecordOverlays;

/**
 * The bar over the signal explorer's plot that chooses the bands runs draw on the record (a tokenizer's codes, a
 * pre-training run's masks at one epoch), with the line of notes under it; it also follows a target's focus.
 */
final class BandsBar {
    private final SignalExplorerView view;
    private final ComboBox<String> codesChoice = new ComboBox<>();
    private final ComboBox<String> masksChoice = new ComboBox<>();
    private final ComboBox<Integer> epochChoice = new ComboBox<>();
    private final Label note = new Label();
    private WorkbenchContext context;
    private RecordTarget target;
    private InspectionData inspection;
    private List<WindowInfo> recordWindows = List.of();
    private RecordTarget.Focus pendingFocus;
    private int pendingCode = -1;
    private boolean settingOverlays;

    BandsBar(SignalExplorerView view) {
        this.view = view;
    }

    /** Says {@code text} on the line under the bar; an empty text hides the line. */
    void note(String text) {
        note.setText(text);
    }

    /** The bar with {@code channelsMenu} at its end, and the note line under it. */
    Node node(MenuButton channelsMenu) {
        codesChoice.setId("codes-choice");
        codesChoice.setTooltip(new Tooltip("A code band: the code a tokenizer gave each patch (colour per code); hover for the code, "
                + "click it to mark every place it occurs"));
        codesChoice.getItems().setAll(SignalExplorerView.NO_RUN);
        codesChoice.setValue(SignalExplorerView.NO_RUN);
        codesChoice.setDisable(true);
        codesChoice.valueProperty().addListener((o, a, b) -> chooseCodes(b));
        masksChoice.setId("masks-choice");
        masksChoice.setTooltip(new Tooltip("A mask band: the teacher's probability of masking each patch of a pre-training run's "
                + "inspection windows; a dark foot marks the sampled mask, red where the student then missed the code"));
        masksChoice.getItems().setAll(SignalExplorerView.NO_RUN);
        masksChoice.setValue(SignalExplorerView.NO_RUN);
        masksChoice.setDisable(true);
        masksChoice.valueProperty().addListener((o, a, b) -> chooseMasks(b));
        epochChoice.setId("masks-epoch");
        epochChoice.setTooltip(new Tooltip("The epoch whose masks are shown"));
        epochChoice.setDisable(true);
        epochChoice.valueProperty().addListener((o, a, b) -> showEpoch(b));
        note.setId("band-note");
        note.getStyleClass().add("form-note");
        note.setWrapText(true);
        note.setPadding(new Insets(0, 6, 2, 6));
        // A line of its own under the bar, shown only when there is something to say: a long note would be cut off in the bar.
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        note.visibleProperty().bind(note.managedProperty());
        Label codesLabel = new Label("Codes");
        codesLabel.setLabelFor(codesChoice);
        Label masksLabel = new Label("Masks");
        masksLabel.setLabelFor(masksChoice);
        Label epochLabel = new Label("epoch");
        epochLabel.setLabelFor(epochChoice);
        Separator beforeChannels = new Separator();
        beforeChannels.visibleProperty().bind(channelsMenu.visibleProperty());
        beforeChannels.managedProperty().bind(channelsMenu.managedProperty());
        ToolBar bar = new ToolBar(codesLabel, codesChoice, new Separator(), masksLabel, masksChoice, epochLabel, epochChoice,
                beforeChannels, channelsMenu);
        bar.getStyleClass().add("explorer-toolbar");
        return new VBox(bar, note);
    }

    /** Lists the runs that can draw a band on the record (read on a background thread), then applies a pending focus. */
    void load(WorkbenchContext context, RecordTarget target) {
        this.context = context;
        this.target = target;
        context.background().read(() -> RecordOverlays.of(context.workspace(), target.dataset(), target.record()), o -> {
            recordWindows = o.windows();
            settingOverlays = true;
            String codes = codesChoice.getValue();
            String masks = masksChoice.getValue();
            codesChoice.getItems().setAll(SignalExplorerView.NO_RUN);
            codesChoice.getItems().addAll(o.codeRuns());
            masksChoice.getItems().setAll(SignalExplorerView.NO_RUN);
            masksChoice.getItems().addAll(o.maskRuns());
            codesChoice.setValue(codesChoice.getItems().contains(codes) ? codes : SignalExplorerView.NO_RUN);
            masksChoice.setValue(masksChoice.getItems().contains(masks) ? masks : SignalExplorerView.NO_RUN);
            codesChoice.setDisable(o.codeRuns().isEmpty());
            masksChoice.setDisable(o.maskRuns().isEmpty());
            settingOverlays = false;
            applyFocus();
        }, error -> note.setText("The runs could not be read: " + ErrorText.of(error)));
    }

    private void chooseCodes(String run) {
        if (settingOverlays) {
            return;
        }
        if (run == null || SignalExplorerView.NO_RUN.equals(run)) {
            setCodes(null);
            return;
        }
        PatchTrack track = view.model().signals().patches();
        context.background().read(() -> CodeTrack.load(context.workspace(), run, target.dataset(), target.record(), track), this::setCodes,
                error -> {
                    note.setText("The codes of " + run + " could not be read: " + ErrorText.of(error));
                    codesChoice.setValue(SignalExplorerView.NO_RUN);
                });
    }

    private void setCodes(CodeTrack codes) {
        view.model().setCodes(codes);
        view.patchRenderer().setCodes(codes);
        view.bandRenderer().setCodes(codes);
        highlightCode(-1);
        if (codes != null && pendingCode >= 0) {
            highlightCode(pendingCode);
            pendingCode = -1;
        }
        view.bandsChanged();
    }

    private void chooseMasks(String run) {
        if (settingOverlays) {
            return;
        }
        if (run == null || SignalExplorerView.NO_RUN.equals(run)) {
            inspection = null;
            epochChoice.getItems().clear();
            epochChoice.setDisable(true);
            setMasks(null);
            return;
        }
        context.background().read(() -> InspectionData.read(context.workspace().runsDirectory().resolve(run).resolve(PretrainTask.INSPECTION)),
                data -> {
                    inspection = data;
                    settingOverlays = true;
                    epochChoice.getItems().setAll(data.epochNumbers());
                    epochChoice.setValue(data.last().epoch());
                    epochChoice.setDisable(false);
                    settingOverlays = false;
                    showEpoch(data.last().epoch());
                }, error -> {
                    note.setText("The masks of " + run + " could not be read: " + ErrorText.of(error));
                    masksChoice.setValue(SignalExplorerView.NO_RUN);
                });
    }

    private void showEpoch(Integer epoch) {
        if (settingOverlays || inspection == null || epoch == null) {
            return;
        }
        MaskTrack m = MaskTrack.of(masksChoice.getValue(), inspection.at(epoch), recordWindows, view.model().signals().patches());
        setMasks(m);
        note.setText(m.note());
    }

    private void setMasks(MaskTrack masks) {
        view.model().setMasks(masks);
        view.patchRenderer().setMasks(masks);
        view.bandRenderer().setMasks(masks);
        note.setText("");
        view.bandsChanged();
    }

    /** Shows what a target asks for once the record and its runs are known: its time range, its code band with a code highlighted, its mask band. */
    void focus(RecordTarget.Focus f) {
        pendingFocus = f;
        applyFocus();
    }

    private void applyFocus() {
        RecordTarget.Focus f = pendingFocus;
        SignalExplorerModel model = view.model();
        if (f == null || model == null || codesChoice.getItems().isEmpty()) {
            return;
        }
        pendingFocus = null;
        if (f.to() > f.from()) {
            view.showRange(f.from(), f.to());
        }
        if (f.codesRun() != null && codesChoice.getItems().contains(f.codesRun())) {
            if (f.codesRun().equals(codesChoice.getValue()) && model.codes() != null) {
                highlightCode(f.code());
            } else {
                pendingCode = f.code();
                codesChoice.setValue(f.codesRun());
            }
        }
        if (f.masksRun() != null && masksChoice.getItems().contains(f.masksRun())) {
            masksChoice.setValue(f.masksRun());
        }
    }

    /** Marks every place of {@code code} in the code band and the plot; -1 clears the mark. */
    void highlightCode(int code) {
        SignalExplorerModel model = view.model();
        view.patchRenderer().setHighlightCode(code);
        view.bandRenderer().setHighlightCode(code);
        if (model != null && model.codes() != null && code >= 0) {
            note.setText(String.format(Locale.ROOT, "code %d: %d place(s) in this record, %,d in the dataset "
                    + "(click the code band again or press Esc to clear)", code, model.codes().countInRecord(code), model.codes().count(code)));
        } else {
            // With no code marked, the line tells about the mask band, if one is shown.
            note.setText(model != null && model.masks() != null ? model.masks().note() : "");
        }
    }
}

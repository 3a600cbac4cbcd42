package org.sigmappg.app.codes;

import io.fair_acc.dataset.DataSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;
import org.sigmappg.app.charts.CodeColours;
import org.sigmappg.app.navigation.CodesTarget;
import org.sigmappg.app.charts.RunCurves;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.help.Glossary;
import org.sigmappg.app.help.GlossaryView;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.app.charts.TimeFormat;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.CodeGallery;

/**
 * What a tokenizer run's codes stand for on a dataset it tokenized: the usage histogram (codes sorted by how
 * often they occur), perplexity, unused codes and ICR over the epochs, a gallery of the used codes (mean waveform,
 * mean amplitude spectrum, count) where choosing a code lists its places and opens them in the signal explorer,
 * and the consistency of one window's codes under the training augmentation: the window and an augmented copy
 * one above the other, the patches whose code changed marked.
 */
public final class CodesView implements WorkbenchView {
    private static final double TILE_WIDTH = 150;
    private static final double TILE_HEIGHT = 112;

    /** Everything the view shows, read once on a background thread. */
    record Loaded(CodeGallery gallery, CodeUsage usage, Map<String, List<RunStore.Metric>> metrics, DatasetInfo dataset,
                  Map<Long, RecordInfo> records, Map<Long, WindowInfo> windows, List<WindowInfo> windowList) {
    }

    /** One place of a code. */
    public record Place(String record, String subject, int window, int patch, double start, double end) {
    }

    private final WorkbenchContext context;
    private final CodesTarget target;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final Label subtitle = new Label();
    private final GridView<CodeGallery.Code> gallery = new GridView<>();
    private final CheckBox showUnused = new CheckBox("Show unused codes");
    private final Label placesTitle = new Label("Choose a code in the gallery or the histogram.");
    private final TableView<Place> places = new TableView<>();
    private final Button showPlace = new Button("Show in explorer");
    private final UsagePane usage = new UsagePane(this::select);
    private final ConsistencyPane consistency;
    private Loaded loaded;
    private int selectedCode = -1;
    private final List<Tile> tiles = new ArrayList<>();

    public CodesView(CodesTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        this.consistency = new ConsistencyPane(context, target);
        root.getStyleClass().add("codes-view");
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        VBox wait = new VBox(12, spinner, new Label("Reading the codes of " + target.run() + " on " + target.dataset() + "\u2026"));
        wait.setAlignment(Pos.CENTER);
        root.setCenter(wait);
        context.background().read(() -> load(context.workspace(), target), this::show,
                error -> {
                    Label l = new Label("The codes could not be read: " + ErrorText.of(error));
                    l.getStyleClass().add("error-text");
                    l.setWrapText(true);
                    l.setId("codes-error");
                    Button tokenize = new Button("Tokenize " + target.dataset() + " with " + target.run());
                    tokenize.setOnAction(e -> org.sigmappg.app.runs.RunPageView.tokenize(context, target.run(), target.dataset()));
                    VBox box = new VBox(12, l, tokenize);
                    box.setAlignment(Pos.CENTER);
                    box.setPadding(new Insets(24));
                    root.setCenter(box);
                });
    }

    static Loaded load(Workspace ws, CodesTarget target) throws IOException {
        CodeGallery g = CodeGallery.load(ws, target.run(), target.dataset());
        Catalogue catalogue = new Catalogue(ws);
        DatasetInfo d = catalogue.requireDataset(target.dataset());
        Map<Long, RecordInfo> records = new HashMap<>();
        catalogue.records(d.id()).forEach(r -> records.put(r.id(), r));
        List<WindowInfo> windowList = catalogue.windowsOfDataset(d.id());
        Map<Long, WindowInfo> windows = new HashMap<>();
        windowList.forEach(w -> windows.put(w.id(), w));
        return new Loaded(g, CodeUsage.of(g.codes()), new RunStore(ws).metrics(target.run()), d, records, windows, windowList);
    }

    private void show(Loaded l) {
        loaded = l;
        Label heading = new Label("Codes of " + target.run() + " on " + target.dataset());
        heading.getStyleClass().add("view-title");
        CodeUsage u = l.usage();
        double lastIcr = RunCurves.last(l.metrics(), "icr");
        subtitle.setText(String.format(Locale.ROOT, "K %d  \u00b7  %d codes used (%.0f %%)  \u00b7  perplexity %.1f on %,d patches%s",
                u.codebookSize(), u.used(), 100.0 * u.used() / Math.max(1, u.codebookSize()), u.perplexity(), u.total(),
                Double.isNaN(lastIcr) ? "" : String.format(Locale.ROOT, "  \u00b7  held-out ICR %.3f at the last epoch", lastIcr)));
        subtitle.getStyleClass().add("view-subtitle");
        subtitle.setId("codes-summary");
        VBox top = new VBox(2, heading, subtitle, GlossaryView.explain(context, Glossary.PERPLEXITY, Glossary.UNUSED_CODES, Glossary.ICR));
        top.setPadding(new Insets(6, 8, 4, 8));

        SplitPane split = new SplitPane(usage.node(), galleryRow(), consistency.node());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.3, 0.72);
        root.setTop(top);
        root.setCenter(split);
        usage.show(l);
        showGallery();
        consistency.show(l);
    }

    // ---- gallery and places

    private Node galleryRow() {
        gallery.setId("codes-gallery");
        gallery.setCellWidth(TILE_WIDTH);
        gallery.setCellHeight(TILE_HEIGHT);
        gallery.setHorizontalCellSpacing(4);
        gallery.setVerticalCellSpacing(4);
        gallery.setCellFactory(g -> new Tile());
        showUnused.setId("codes-show-unused");
        showUnused.setTooltip(new Tooltip("Also show the codes no patch of the dataset was given"));
        showUnused.selectedProperty().addListener((o, a, b) -> showGallery());
        Label galleryTitle = new Label("Gallery: mean waveform (blue) and mean amplitude spectrum (orange) of each code's patches");
        galleryTitle.getStyleClass().add("section-title");
        HBox galleryBar = new HBox(12, galleryTitle, showUnused);
        galleryBar.setAlignment(Pos.CENTER_LEFT);
        VBox left = new VBox(4, galleryBar, gallery);
        VBox.setVgrow(gallery, Priority.ALWAYS);

        placesTitle.getStyleClass().add("section-title");
        placesTitle.setId("codes-places-title");
        places.setId("codes-places");
        places.getColumns().add(column("Record", 80, Place::record));
        places.getColumns().add(column("Subject", 70, Place::subject));
        places.getColumns().add(column("Window", 60, p -> Integer.toString(p.window())));
        places.getColumns().add(column("Patch", 50, p -> Integer.toString(p.patch())));
        places.getColumns().add(column("Time", 80, p -> TimeFormat.clock(p.start(), 0)));
        places.setPlaceholder(new Label("The places of the chosen code are listed here."));
        places.setRowFactory(t -> {
            javafx.scene.control.TableRow<Place> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    openPlace(row.getItem());
                }
            });
            return row;
        });
        places.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && places.getSelectionModel().getSelectedItem() != null) {
                openPlace(places.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        places.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> {
            showPlace.setDisable(p == null);
            if (p != null) {
                windowOf(p).ifPresent(consistency::checkWindow);
            }
        });
        showPlace.setId("codes-show-place");
        showPlace.setDisable(true);
        showPlace.setTooltip(new Tooltip("Open the record in the signal explorer at this place, with the code band and the code marked "
                + "(Enter, double-click)"));
        showPlace.setOnAction(e -> openPlace(places.getSelectionModel().getSelectedItem()));
        VBox right = new VBox(4, placesTitle, places, showPlace);
        VBox.setVgrow(places, Priority.ALWAYS);
        right.setMinWidth(260);
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.68);
        split.setPadding(new Insets(4, 6, 4, 6));
        return split;
    }

    private static <T> TableColumn<T, String> column(String name, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    private void showGallery() {
        if (loaded == null) {
            return;
        }
        List<CodeGallery.Code> codes = new ArrayList<>();
        for (CodeUsage.Bar b : loaded.usage().bars()) {
            codes.add(loaded.gallery().codes().get(b.code()));
        }
        if (showUnused.isSelected()) {
            loaded.gallery().codes().stream().filter(c -> c.count() == 0).forEach(codes::add);
        }
        gallery.getItems().setAll(codes);
    }

    /** Chooses a code: its tile is marked, its places are listed. */
    public void select(int code) {
        selectedCode = code;
        tiles.forEach(Tile::redraw);
        List<Place> list = new ArrayList<>();
        for (CodeGallery.Occurrence o : loaded.gallery().occurrences(code)) {
            WindowInfo w = loaded.windows().get(o.windowId());
            RecordInfo r = loaded.records().get(o.recordId());
            if (w == null || r == null) {
                continue;
            }
            double fs = loaded.dataset().fs();
            double start = (w.startSample() + (long) o.patch() * loaded.dataset().patchSamples()) / fs;
            list.add(new Place(r.name(), r.subject(), o.window(), o.patch(), start, start + loaded.dataset().patchSamples() / fs));
        }
        places.getItems().setAll(list);
        placesTitle.setText(String.format(Locale.ROOT, "Code %d: %,d places in %s", code, list.size(), target.dataset()));
    }

    private java.util.Optional<WindowInfo> windowOf(Place p) {
        return loaded.windowList().stream().filter(w -> w.index() == p.window()
                && loaded.records().get(w.recordId()).name().equals(p.record())).findFirst();
    }

    private void openPlace(Place p) {
        if (p == null) {
            return;
        }
        // A minute of context around the patch, the code band of this run, the code marked.
        double from = Math.max(0, p.start() - 20);
        context.open(new RecordTarget(target.dataset(), p.record(), new RecordTarget.Focus(from, from + 45, target.run(), selectedCode, null)),
                true);
    }

    /** A gallery tile: the code, its count, its mean waveform and mean amplitude spectrum. */
    private final class Tile extends GridCell<CodeGallery.Code> {
        private final Canvas canvas = new Canvas(TILE_WIDTH, TILE_HEIGHT);

        Tile() {
            tiles.add(this);
            setOnMouseClicked(e -> {
                if (getItem() != null) {
                    select(getItem().index());
                }
            });
            getStyleClass().add("code-tile");
        }

        @Override
        protected void updateItem(CodeGallery.Code code, boolean empty) {
            super.updateItem(code, empty);
            if (empty || code == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            draw(code);
            setGraphic(canvas);
            setTooltip(new Tooltip(String.format(Locale.ROOT, "code %d: %,d patches; click to list them", code.index(), code.count())));
        }

        void redraw() {
            if (!isEmpty() && getItem() != null) {
                draw(getItem());
            }
        }

        private void draw(CodeGallery.Code code) {
            boolean dark = context.themeProperty().get() == Theme.DARK;
            GraphicsContext gc = canvas.getGraphicsContext2D();
            double w = canvas.getWidth();
            double h = canvas.getHeight();
            boolean chosen = code.index() == selectedCode;
            gc.setFill(dark ? Color.web("#17191c") : Color.WHITE);
            gc.fillRect(0, 0, w, h);
            int rgb = CodeColours.rgb(code.index());
            gc.setFill(Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
            gc.fillRect(0, 0, w, 14);
            gc.setFill(Color.BLACK);
            gc.setFont(Font.font(10.5));
            gc.setTextBaseline(VPos.CENTER);
            gc.fillText(String.format(Locale.ROOT, "code %d  \u00b7  %,d", code.index(), code.count()), 4, 7);
            curve(gc, code.meanWaveform(), 4, 18, w - 8, 50, dark ? Color.web("#8ec0ff") : Color.web("#1f4e8c"), false);
            curve(gc, code.meanSpectrum(), 4, 72, w - 8, 36, Color.web("#D55E00"), true);
            gc.setStroke(chosen ? (dark ? Color.WHITE : Color.BLACK) : (dark ? Color.web("#3b3f45") : Color.web("#d5d8dd")));
            gc.setLineWidth(chosen ? 3 : 1);
            gc.strokeRect(0.5, 0.5, w - 1, h - 1);
        }

        private void curve(GraphicsContext gc, float[] v, double x, double y, double w, double h, Color colour, boolean fromZero) {
            if (v.length < 2) {
                return;
            }
            double lo = fromZero ? 0 : Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (float f : v) {
                lo = Math.min(lo, f);
                hi = Math.max(hi, f);
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
            gc.setStroke(colour);
            gc.setLineWidth(1.3);
            gc.beginPath();
            for (int i = 0; i < v.length; i++) {
                double px = x + i * w / (v.length - 1);
                double py = y + h - (v[i] - lo) / (hi - lo) * h;
                if (i == 0) {
                    gc.moveTo(px, py);
                } else {
                    gc.lineTo(px, py);
                }
            }
            gc.stroke();
        }
    }

    // ---- WorkbenchView

    @Override
    public Node node() {
        return root;
    }

    @Override
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    @Override
    public NavTarget target() {
        return target;
    }

    @Override
    public void close() {
        consistency.close();
    }

    // ---- for tests

    /** What the view read, or null while it reads. */
    public CodeUsage usage() {
        return loaded == null ? null : loaded.usage();
    }

    /** The usage histogram as drawn: x the rank, y the count. */
    public DataSet usageDataSet() {
        return usage.dataSet();
    }

    /** The chosen code, or -1. */
    public int selectedCode() {
        return selectedCode;
    }

    public List<Place> places() {
        return List.copyOf(places.getItems());
    }

    public CodeStrip originalStrip() {
        return consistency.originalStrip();
    }

    public CodeStrip augmentedStrip() {
        return consistency.augmentedStrip();
    }

    public String icrText() {
        return consistency.icrText();
    }
}

package org.sigmappg.app.datasets;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.data.DatasetName;
import org.sigmappg.data.ImportRequest;

/**
 * The import form: a file or folder, the dataset name and the options of the {@code import} command, checked
 * as they are typed (the Import button stays disabled while anything is wrong), with the layout the workbench
 * detects in the chosen folder shown before the import starts.
 */
public final class ImportDialog extends Dialog<ImportRequest> {
    public static final ButtonType IMPORT = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);

    private final WorkbenchContext context;
    private final Set<String> existing;
    private final TextField source = field("import-source", "a folder of recordings, or one file");
    private final TextField name = field("import-name", "letters, digits, . _ -");
    private final TextField fs = field("import-fs", "from the files");
    private final TextField channel = field("import-channel", "chosen by name (PLETH, PPG, ...)");
    private final TextField subjectPattern = field("import-subject-pattern", "from the layout, e.g. ([0-9]+)_");
    private final TextField windowSeconds = field("import-window-seconds", "from the recipe, else 240");
    private final CheckBox skipBad = new CheckBox(ImportForm.Choice.SKIP_BAD.label());
    private final CheckBox replace = new CheckBox(ImportForm.Choice.REPLACE.label());
    private final CheckBox followLinks = new CheckBox(ImportForm.Choice.FOLLOW_LINKS.label());
    private final Label layout = new Label(NO_SOURCE);
    private final VBox problems = new VBox(2);
    private final Map<ImportForm.Field, Node> fields = new EnumMap<>(ImportForm.Field.class);
    private final PauseTransition detectDelay = new PauseTransition(Duration.millis(350));
    private boolean nameEdited;
    private boolean settingName;
    private int detection;
    /** What the look at the chosen files found; null while no file or folder is chosen. */
    private ImportPreview preview;
    private static final String NO_SOURCE = "Choose a file or folder.";

    public ImportDialog(WorkbenchContext context, Set<String> existingNames) {
        this.context = context;
        this.existing = Set.copyOf(existingNames);
        setTitle("Import recordings");
        setHeaderText("Import a file or folder of recordings as a dataset");
        context.prepare(this);
        getDialogPane().setId("import-dialog");
        getDialogPane().getButtonTypes().setAll(IMPORT, ButtonType.CANCEL);
        fields.put(ImportForm.Field.SOURCE, source);
        fields.put(ImportForm.Field.NAME, name);
        fields.put(ImportForm.Field.FS, fs);
        fields.put(ImportForm.Field.CHANNEL, channel);
        fields.put(ImportForm.Field.SUBJECT_PATTERN, subjectPattern);
        fields.put(ImportForm.Field.WINDOW_SECONDS, windowSeconds);
        skipBad.setId("import-skip-bad");
        replace.setId("import-replace");
        followLinks.setId("import-follow-links");
        layout.setId("import-layout");
        layout.setWrapText(true);
        layout.setMaxWidth(520);
        // Two lines reserved, so the fields below do not jump when the detected layout is shown.
        layout.setMinHeight(34);
        layout.getStyleClass().add("form-note");
        problems.setId("import-problems");

        Button folder = new Button("Folder\u2026");
        folder.setId("import-choose-folder");
        folder.setOnAction(e -> chooseFolder());
        Button file = new Button("File\u2026");
        file.setId("import-choose-file");
        file.setOnAction(e -> chooseFile());
        HBox sourceRow = new HBox(6, source, folder, file);
        HBox.setHgrow(source, Priority.ALWAYS);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(6, 4, 6, 4));
        grid.getColumnConstraints().addAll(new ColumnConstraints(150), new ColumnConstraints(420, 530, Double.MAX_VALUE, Priority.ALWAYS, null, true));
        int row = 0;
        grid.addRow(row++, label(ImportForm.Field.SOURCE, source), sourceRow);
        grid.add(layout, 1, row++);
        grid.addRow(row++, label(ImportForm.Field.NAME, name), name);
        grid.add(replace, 1, row++);
        grid.addRow(row++, label(ImportForm.Field.FS, fs), fs);
        grid.addRow(row++, label(ImportForm.Field.CHANNEL, channel), channel);
        grid.addRow(row++, label(ImportForm.Field.SUBJECT_PATTERN, subjectPattern), subjectPattern);
        grid.addRow(row++, label(ImportForm.Field.WINDOW_SECONDS, windowSeconds), windowSeconds);
        grid.add(skipBad, 1, row++);
        grid.add(followLinks, 1, row++);
        grid.add(problems, 0, row, 2, 1);
        grid.setPrefWidth(700);
        getDialogPane().setContent(grid);
        tooltips();

        source.textProperty().addListener((o, a, b) -> sourceChanged());
        name.textProperty().addListener((o, a, b) -> {
            if (!settingName) {
                nameEdited = true;
            }
            validate();
        });
        // Which files are read depends on these: the look at the files is taken again when they change.
        for (TextField f : List.of(fs, subjectPattern, windowSeconds)) {
            f.textProperty().addListener((o, a, b) -> lookAgain());
        }
        channel.textProperty().addListener((o, a, b) -> validate());
        followLinks.selectedProperty().addListener((o, a, b) -> lookAgain());
        skipBad.selectedProperty().addListener((o, a, b) -> validate());
        replace.selectedProperty().addListener((o, a, b) -> validate());
        detectDelay.setOnFinished(e -> detectLayout());
        setResultConverter(bt -> bt == IMPORT ? form().toRequest() : null);
        validate();
        setOnShown(e -> source.requestFocus());
    }

    private void tooltips() {
        fs.setTooltip(new Tooltip("Only for files that do not state their rate, such as a bare column of numbers."));
        channel.setTooltip(new Tooltip("The channel to use as PPG when a file has several (e.g. PLETH, IR)."));
        subjectPattern.setTooltip(new Tooltip("A regular expression whose first group, found in each file's path, is the subject id."));
        windowSeconds.setTooltip(new Tooltip("Length of the model windows; shorter records give one shorter window."));
        skipBad.setTooltip(new Tooltip("Without it, one unreadable file stops the whole import and nothing is added."));
        followLinks.setTooltip(new Tooltip("Without it, symbolic links in the folder that lead out of it are skipped and listed; "
                + "names written in headers and recipes must stay inside the folder all the same."));
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
    }

    private static Label label(ImportForm.Field field, Node target) {
        Label l = new Label(field.label());
        l.setLabelFor(target);
        return l;
    }

    /** The form as typed now. */
    ImportForm form() {
        return new ImportForm(existing).source(source.getText()).name(name.getText()).fs(fs.getText()).channel(channel.getText())
                .subjectPattern(subjectPattern.getText()).windowSeconds(windowSeconds.getText()).skipBad(skipBad.isSelected())
                .replace(replace.isSelected()).followLinks(followLinks.isSelected()).preview(preview);
    }

    /** Fills the source field (and the suggested name), as choosing a folder does. */
    public void setSource(Path path) {
        source.setText(path.toAbsolutePath().normalize().toString());
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose a folder of recordings");
        startIn(currentSource()).ifPresent(chooser::setInitialDirectory);
        File f = chooser.showDialog(getDialogPane().getScene().getWindow());
        if (f != null) {
            setSource(f.toPath());
        }
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a recording");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Recordings (WFDB, EDF, CSV, TXT)", "*.hea", "*.edf", "*.bdf", "*.csv", "*.tsv", "*.txt"),
                new FileChooser.ExtensionFilter("All files", "*"));
        startIn(currentSource()).ifPresent(chooser::setInitialDirectory);
        File f = chooser.showOpenDialog(getDialogPane().getScene().getWindow());
        if (f != null) {
            setSource(f.toPath());
        }
    }

    private Path currentSource() {
        try {
            return source.getText().isBlank() ? null : Path.of(source.getText().trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Optional<File> startIn(Path p) {
        if (p == null) {
            return Optional.empty();
        }
        Path dir = Files.isDirectory(p) ? p : p.getParent();
        return dir != null && Files.isDirectory(dir) ? Optional.of(dir.toFile()) : Optional.empty();
    }

    private void sourceChanged() {
        Path p = currentSource();
        if (!nameEdited && p != null) {
            String suggestion = DatasetName.suggest(p);
            String unique = suggestion;
            for (int i = 2; existing.contains(unique); i++) {
                unique = suggestion + "-" + i;
            }
            settingName = true;
            name.setText(unique);
            settingName = false;
        }
        lookAgain();
    }

    /** Forgets what the last look at the files found and takes another once typing pauses. */
    private void lookAgain() {
        detection++;
        preview = currentSource() == null ? null : ImportPreview.looking();
        layout.setText(preview == null ? NO_SOURCE : preview.text());
        detectDelay.playFromStart();
        validate();
    }

    private void detectLayout() {
        int ticket = ++detection;
        Optional<ImportRequest> request = currentSource() == null ? Optional.empty() : form().previewRequest();
        if (request.isEmpty()) {
            // The source or an option is not valid yet: the form lists that problem, and there is nothing to look at.
            preview = null;
            layout.setText(currentSource() == null ? NO_SOURCE : "");
            validate();
            return;
        }
        context.background().read(() -> ImportPreview.of(request.get()), found -> {
            if (ticket == detection) {
                preview = found;
                layout.setText(found.text());
                validate();
            }
        }, error -> {
            if (ticket == detection) {
                preview = new ImportPreview(ImportPreview.Status.FAILED, "", 0, List.of(), ImportForm.inFormWords(ErrorText.of(error)));
                layout.setText(preview.text());
                validate();
            }
        });
    }

    private void validate() {
        ImportForm form = form();
        replace.setVisible(form.nameTaken());
        replace.setManaged(form.nameTaken());
        List<ImportForm.Problem> found = form.validate();
        problems.getChildren().clear();
        fields.values().forEach(n -> n.getStyleClass().remove("invalid"));
        for (ImportForm.Problem p : found) {
            Label l = new Label("\u2022 " + p.message());
            l.getStyleClass().add("form-problem");
            l.setWrapText(true);
            l.setMaxWidth(680);
            problems.getChildren().add(l);
            fields.get(p.field()).getStyleClass().add("invalid");
        }
        Node ok = getDialogPane().lookupButton(IMPORT);
        if (ok != null) {
            ok.setDisable(!form.ready());
        }
        fitWindow();
    }

    /** A dialog window keeps its first size; grow or shrink it when the notes and problems change height. */
    private void fitWindow() {
        if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
            javafx.application.Platform.runLater(() -> getDialogPane().getScene().getWindow().sizeToScene());
        }
    }
}

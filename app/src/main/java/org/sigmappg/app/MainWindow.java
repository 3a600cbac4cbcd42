package org.sigmappg.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.sigmappg.app.datasets.DatasetsSection;
import org.sigmappg.app.navigation.DatasetsTarget;
import org.sigmappg.app.datasets.DatasetsView;
import org.sigmappg.app.datasets.ImportAction;
import org.sigmappg.app.datasets.WindowExportAction;
import org.sigmappg.app.navigation.CodesTarget;
import org.sigmappg.app.navigation.EngineTarget;
import org.sigmappg.app.engine.EngineView;
import org.sigmappg.app.navigation.GlossaryTarget;
import org.sigmappg.app.help.GlossaryView;
import org.sigmappg.app.codes.CodesView;
import org.sigmappg.app.navigation.MasksTarget;
import org.sigmappg.app.masks.MasksView;
import org.sigmappg.app.navigation.CompareTarget;
import org.sigmappg.app.runs.CompareView;
import org.sigmappg.app.navigation.NewEvaluationTarget;
import org.sigmappg.app.runs.NewEvaluationView;
import org.sigmappg.app.navigation.NewRunTarget;
import org.sigmappg.app.runs.NewRunView;
import org.sigmappg.app.runs.RunPageView;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.runs.RunsSection;
import org.sigmappg.app.navigation.RunsTarget;
import org.sigmappg.app.runs.RunsView;
import org.sigmappg.app.shell.BackgroundWork;
import org.sigmappg.app.shell.EngineProbe;
import org.sigmappg.app.shell.ErrorDialogs;
import org.sigmappg.app.shell.FileChoosers;
import org.sigmappg.app.shell.NavNode;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.SampleData;
import org.sigmappg.app.shell.StatusBar;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.shell.TrainingQueue;
import org.sigmappg.app.shell.ViewRegistry;
import org.sigmappg.app.shell.WindowState;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.app.signal.SignalExplorerView;
import org.sigmappg.app.tasks.TasksSection;
import org.sigmappg.app.navigation.TaskDashboardTarget;
import org.sigmappg.app.tasks.TaskDashboardView;
import org.sigmappg.app.navigation.TasksTarget;
import org.sigmappg.app.tasks.TasksView;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.run.Workspace;

/**
 * The main window: menu bar with the engine and device, the navigation tree (Datasets, Runs, Tasks, and any
 * section a later view registers), the views in tabs, and the status bar with the background work.
 *
 * <p>Selecting a node opens its view in the preview tab (its title in italics), which the next selection
 * reuses; double-clicking a node, or pressing Enter on it, opens the view in a tab of its own.
 */
public final class MainWindow implements WorkbenchContext {

    private final Stage stage;
    private final Workspace workspace;
    private final Catalogue catalogue;
    private final ViewRegistry registry;
    private final Supplier<EngineProbe.EngineInfo> engineProbe;
    private final BackgroundWork background = new BackgroundWork();
    private final TrainingQueue training;
    private final ReadOnlyObjectWrapper<Theme> theme;
    private final TabPane tabs = new TabPane();
    private final SplitPane split;
    private final StatusBar statusBar;
    private final Label engine = new Label("engine: loading\u2026");
    private final Label empty;
    private final NavigationTree tree;
    private final MenuBar menus;
    private final Scene scene;
    private FileChoosers files = FileChoosers.system();
    private WindowState state;
    private Tab preview;
    private final List<Runnable> whenFilled = new ArrayList<>();
    private boolean filled;
    private boolean shutDown;

    /**
     * @param state the remembered window layout and theme
     * @param registry the views and navigation sections (see {@link #standardViews()})
     * @param engineProbe describes the engine; called once on a background thread
     */
    public MainWindow(Stage stage, Workspace workspace, WindowState state, ViewRegistry registry,
                      Supplier<EngineProbe.EngineInfo> engineProbe) {
        this.stage = stage;
        this.workspace = workspace;
        this.catalogue = new Catalogue(workspace);
        this.state = state;
        this.registry = registry;
        this.engineProbe = engineProbe;
        this.theme = new ReadOnlyObjectWrapper<>(Theme.of(state.theme()));
        this.statusBar = new StatusBar(background, workspace.directory().toString());
        this.training = new TrainingQueue(this);
        this.tree = new NavigationTree(registry, workspace, background, this::open, training::busy,
                error -> showError("The navigation tree could not be read", error));

        tabs.setId("views");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        empty = new Label("Reading the workspace\u2026");
        empty.getStyleClass().add("empty-title");
        StackPane centre = new StackPane(empty, tabs);
        tabs.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(tabs.getTabs()));
        // Views with transparent parts would otherwise show the hint through them.
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(tabs.getTabs()));

        split = new SplitPane(tree.view(), centre);
        SplitPane.setResizableWithParent(tree.view(), false);
        split.setDividerPositions(state.divider());

        engine.setId("engine-label");
        engine.getStyleClass().add("engine-label");
        engine.setOnMouseClicked(e -> open(new EngineTarget(), false));
        menus = new WorkbenchMenus(this).bar();
        HBox.setHgrow(menus, Priority.ALWAYS);
        HBox top = new HBox(menus, engine);
        top.setAlignment(Pos.CENTER_LEFT);
        top.getStyleClass().add("top-bar");

        BorderPane root = new BorderPane(split);
        root.setTop(top);
        root.setBottom(statusBar);
        root.getStyleClass().add("workbench");
        scene = new Scene(root, state.width(), state.height());
        theme.get().apply(scene);
    }

    /** The views and navigation sections of this version: datasets, records, runs, codes, masks and tasks. */
    public static ViewRegistry standardViews() {
        return new ViewRegistry()
                .register(DatasetsTarget.class, DatasetsView::new)
                .register(RecordTarget.class, SignalExplorerView::open)
                .register(RunsTarget.class, RunsView::new)
                .register(RunTarget.class, RunPageView::new)
                .register(NewRunTarget.class, NewRunView::new)
                .register(NewEvaluationTarget.class, NewEvaluationView::new)
                .register(CompareTarget.class, CompareView::new)
                .register(CodesTarget.class, CodesView::new)
                .register(MasksTarget.class, MasksView::new)
                .register(TasksTarget.class, TasksView::new)
                .register(TaskDashboardTarget.class, TaskDashboardView::new)
                .register(EngineTarget.class, EngineView::new)
                .register(GlossaryTarget.class, GlossaryView::new)
                .addSection(new DatasetsSection())
                .addSection(new RunsSection())
                .addSection(new TasksSection());
    }

    /** The dataset the user is looking at (the selected tab's dataset, record or codes, else the tree's selection), or null. */
    String datasetInView() {
        Optional<String> inTab = selectedView().flatMap(v -> v instanceof DatasetsView d && d.selectedDataset().isPresent()
                ? d.selectedDataset() : datasetOf(v.target()));
        if (inTab.isPresent()) {
            return inTab.get();
        }
        return tree.selectedTarget().flatMap(MainWindow::datasetOf).orElse(null);
    }

    private static Optional<String> datasetOf(NavTarget target) {
        if (target instanceof DatasetsTarget d) {
            return Optional.ofNullable(d.dataset());
        }
        if (target instanceof RecordTarget r) {
            return Optional.of(r.dataset());
        }
        if (target instanceof CodesTarget c) {
            return Optional.of(c.dataset());
        }
        return Optional.empty();
    }

    /** Shows the window as it was left, then reads the tree, probes the engine and, on an empty workspace, imports the sample data. */
    public void show() {
        stage.setTitle("SIGMA-PPG Workbench \u2014 " + workspace.directory());
        stage.setScene(scene);
        stage.setWidth(state.width());
        stage.setHeight(state.height());
        if (!Double.isNaN(state.x()) && !Screen.getScreensForRectangle(new Rectangle2D(state.x(), state.y(), 100, 100)).isEmpty()) {
            stage.setX(state.x());
            stage.setY(state.y());
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(state.maximized());
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit();
        });
        tree.showPlaceholders();
        stage.show();
        split.setDividerPositions(state.divider());
        // The first frame holds the window's layout only (menus, tree sections, status bar), which draws in a fraction of
        // the time the views take; the workspace is read meanwhile, the first view is built once the frame has been drawn,
        // and the engine is loaded (seconds of CPU on a busy machine) only after the workspace has been read.
        tree.start();
        background.read(() -> catalogue.datasets().isEmpty(), empty -> {
            if (empty) {
                importSampleData();
            }
        }, error -> showError("The workspace could not be read", error));
        afterFirstFrame(() -> {
            // Unless something was opened meanwhile (a script, a test): it stays in front.
            if (tabs.getTabs().isEmpty()) {
                open(DatasetsTarget.catalogue(), false);
            }
            filled = true;
            empty.setText("Select a dataset, a record, a run or a task on the left.");
            whenIdle(this::probeEngine);
            List<Runnable> waiting = List.copyOf(whenFilled);
            whenFilled.clear();
            waiting.forEach(this::whenIdle);
        });
    }

    /** Runs {@code action} after the next frame has been laid out and handed to the renderer. */
    private void afterFirstFrame(Runnable action) {
        Runnable[] listener = new Runnable[1];
        boolean[] laidOut = new boolean[1];
        listener[0] = () -> {
            if (!laidOut[0]) {
                laidOut[0] = true;
                // Removed later: the scene is walking its listeners now.
                Platform.runLater(() -> {
                    scene.removePostLayoutPulseListener(listener[0]);
                    action.run();
                });
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    private void probeEngine() {
        background.read(engineProbe::get, info -> {
            engine.setText(info.summary());
            engine.setTooltip(new Tooltip(info.detail() + "\nClick for the engine panel: device, threads, native library, switching to CUDA"));
            engine.getStyleClass().add(info.available() ? "engine-ok" : "engine-missing");
        }, error -> engine.setText("no engine"));
    }

    void importSampleData() {
        Optional<Path> sample = SampleData.locate();
        if (sample.isEmpty()) {
            showStatus("No sample data found (set -D" + SampleData.PROPERTY + "=FOLDER); import your own with File > Import (Ctrl+I).");
            return;
        }
        String name = "sample";
        background.read(() -> catalogue.dataset(name).isPresent(), exists -> {
            if (exists) {
                showStatus("The sample data is already imported as the dataset " + name + ".");
                open(new DatasetsTarget(name, null), false);
            } else {
                ImportAction.run(this, ImportRequest.of(sample.get(), name), false);
            }
        }, error -> showError("The workspace could not be read", error));
    }

    /** Exports the windows of the dataset selected in the catalogue view, or of one chosen from a list. */
    void exportWindows() {
        Optional<String> selected = selectedView().filter(DatasetsView.class::isInstance).flatMap(v -> ((DatasetsView) v).selectedDataset());
        if (selected.isPresent()) {
            WindowExportAction.choose(this, selected.get());
            return;
        }
        background.read(() -> catalogue.datasets().stream().map(org.sigmappg.data.DatasetInfo::name).toList(), names -> {
            if (names.isEmpty()) {
                showStatus("There is no dataset to export; import recordings first.");
                return;
            }
            ChoiceDialog<String> d = new ChoiceDialog<>(names.get(0), names);
            d.setTitle("Export windows");
            d.setHeaderText("Export the windows of which dataset?");
            d.setContentText("Dataset:");
            prepare(d);
            d.showAndWait().ifPresent(name -> WindowExportAction.choose(this, name));
        }, error -> showError("The workspace could not be read", error));
    }

    /** Quits; while a run trains, asks first, then lets it stop after its step with a checkpoint before exiting. */
    void quit() {
        if (!training.busy()) {
            exit();
            return;
        }
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, null, ButtonType.OK, ButtonType.CANCEL);
        ask.setTitle("Quit");
        ask.setHeaderText(training.running() + " is training" + (training.waiting().isEmpty() ? "" : " and " + training.waiting().size()
                + " run(s) wait") + ". Quit anyway?");
        ask.setContentText("The training run stops after its current step and saves a checkpoint; Resume continues it. "
                + "Waiting runs stay queued for the next session.");
        prepare(ask);
        ask.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            showStatus("Stopping " + training.running() + " after its current step\u2026");
            training.stopAll(this::exit);
        });
    }

    private void exit() {
        shutdown();
        stage.close();
        Platform.exit();
    }

    /** Saves the window layout and stops the background threads; called when the window closes. */
    public void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        state = new WindowState(stage.getX(), stage.getY(), stage.isMaximized() ? state.width() : stage.getWidth(),
                stage.isMaximized() ? state.height() : stage.getHeight(), stage.isMaximized(),
                split.getDividerPositions().length > 0 ? split.getDividerPositions()[0] : state.divider(), theme.get().id());
        try {
            if (workspace.readOnlyReason().isEmpty()) {
                state.save(workspace.directory().resolve(WindowState.FILE));
            }
        } catch (IOException e) {
            // Losing the remembered layout is harmless; the window is closing and there is no one to tell.
            System.err.println("could not save the window layout: " + e.getMessage());
        }
        tree.stop();
        tabs.getTabs().forEach(t -> view(t).close());
        background.shutdown();
    }

    // ---- tabs

    private static WorkbenchView view(Tab tab) {
        return (WorkbenchView) tab.getUserData();
    }

    private Optional<Tab> tabShowing(String key) {
        return tabs.getTabs().stream().filter(t -> view(t).target().key().equals(key)).findFirst();
    }

    @Override
    public void open(NavTarget target, boolean newTab) {
        if (!registry.canShow(target)) {
            showStatus("Nothing to show for " + target.title() + " yet.");
            return;
        }
        Optional<Tab> existing = tabShowing(target.key());
        if (existing.isPresent()) {
            if (newTab && existing.get() == preview) {
                pin(preview);
            }
            // Same view, another detail of it (a time range, a code to show): the view follows it.
            if (!target.equals(view(existing.get()).target())) {
                view(existing.get()).navigate(target);
            }
            tabs.getSelectionModel().select(existing.get());
            return;
        }
        if (!newTab && preview != null) {
            WorkbenchView current = view(preview);
            if (!current.navigate(target)) {
                current.close();
                setView(preview, registry.create(target, this));
            }
            tabs.getSelectionModel().select(preview);
            return;
        }
        Tab tab = new Tab();
        setView(tab, registry.create(target, this));
        tab.setOnClosed(e -> {
            view(tab).close();
            if (tab == preview) {
                preview = null;
            }
        });
        if (!newTab) {
            preview = tab;
            tab.getStyleClass().add("preview-tab");
        }
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
    }

    private static void setView(Tab tab, WorkbenchView v) {
        tab.setUserData(v);
        tab.textProperty().bind(v.titleProperty());
        tab.setContent(v.node());
        tab.setTooltip(new Tooltip(v.target().title()));
    }

    private void pin(Tab tab) {
        tab.getStyleClass().remove("preview-tab");
        preview = null;
    }

    void closeSelectedTab() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t != null) {
            close(t);
        }
    }

    void closeAllTabs() {
        new ArrayList<>(tabs.getTabs()).forEach(this::close);
    }

    private void close(Tab t) {
        tabs.getTabs().remove(t);
        if (t.getOnClosed() != null) {
            t.getOnClosed().handle(null);
        }
    }

    TabPane tabs() {
        return tabs;
    }

    /** The view of the selected tab. */
    public Optional<WorkbenchView> selectedView() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        return t == null ? Optional.empty() : Optional.of(view(t));
    }

    /** The views of all tabs, left to right. */
    public List<WorkbenchView> views() {
        return tabs.getTabs().stream().map(MainWindow::view).toList();
    }

    public TreeView<NavNode> navigationTree() {
        return tree.view();
    }

    /** Whether the tree shows the workspace as read, not the section titles it shows before (JavaFX thread). */
    public boolean treeRead() {
        return tree.read();
    }

    public StatusBar statusBar() {
        return statusBar;
    }

    public Label engineLabel() {
        return engine;
    }

    public Scene scene() {
        return scene;
    }

    public Stage stage() {
        return stage;
    }

    // ---- theme, help

    /** Switches the theme of the window, its dialogs and its charts. */
    public void setTheme(Theme t) {
        theme.set(t);
        t.apply(scene);
        showStatus(t.label() + " theme");
    }

    // ---- WorkbenchContext

    @Override
    public Workspace workspace() {
        return workspace;
    }

    @Override
    public Catalogue catalogue() {
        return catalogue;
    }

    @Override
    public BackgroundWork background() {
        return background;
    }

    @Override
    public TrainingQueue training() {
        return training;
    }

    @Override
    public void workspaceChanged() {
        tree.reload();
        tabs.getTabs().forEach(t -> view(t).refresh());
    }

    @Override
    public void showError(String title, Throwable error) {
        showStatus(title);
        ErrorDialogs.show(stage, theme.get(), title, error);
    }

    @Override
    public void showStatus(String message) {
        statusBar.setMessage(message);
    }

    @Override
    public Window window() {
        return stage;
    }

    @Override
    public FileChoosers files() {
        return files;
    }

    /** Replaces the file choosers (tests answer them without a native dialog). */
    public void setFileChoosers(FileChoosers choosers) {
        this.files = choosers;
    }

    @Override
    public ReadOnlyObjectProperty<Theme> themeProperty() {
        return theme.getReadOnlyProperty();
    }

    /** Runs {@code action} on the JavaFX thread once the window is filled and nothing is loading or importing (for scripted tours). */
    public void whenIdle(Runnable action) {
        if (!filled) {
            whenFilled.add(action);
            return;
        }
        if (background.busyProperty().get() == 0) {
            Platform.runLater(action);
            return;
        }
        background.busyProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number b) {
                if (b.intValue() == 0) {
                    background.busyProperty().removeListener(this);
                    Platform.runLater(action);
                }
            }
        });
    }
}

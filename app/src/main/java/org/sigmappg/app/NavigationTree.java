package org.sigmappg.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.BackgroundWork;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.shell.NavNode;
import org.sigmappg.app.shell.NavigationSection;
import org.sigmappg.app.shell.Reread;
import org.sigmappg.app.shell.ViewRegistry;
import org.sigmappg.run.Workspace;

/**
 * The main window's navigation tree: every section's nodes, read on a background thread (and again every few
 * seconds while a run is queued or trains) and shown keeping the expansion and selection of what did not change.
 * Selecting a node opens it in the preview tab; double-clicking it, or Enter, in a tab of its own.
 */
final class NavigationTree {
    /** How often the tree is read again while a run is queued or training. */
    private static final Duration POLL = Duration.seconds(2);

    private final TreeView<NavNode> tree = new TreeView<>();
    private final ViewRegistry registry;
    private final Workspace workspace;
    private final BiConsumer<NavTarget, Boolean> open;
    private final BooleanSupplier training;
    private final Reread<TreeContents> reads;
    private final Timeline poll = new Timeline(new KeyFrame(POLL, e -> poll()));
    private boolean rebuilding;
    private boolean live;
    private boolean read;

    /**
     * @param open opens a target, in a tab of its own when the flag is true
     * @param training whether this process has a run queued or training
     * @param onError shows why the tree could not be read
     */
    NavigationTree(ViewRegistry registry, Workspace workspace, BackgroundWork background, BiConsumer<NavTarget, Boolean> open,
                   BooleanSupplier training, Consumer<Throwable> onError) {
        this.registry = registry;
        this.workspace = workspace;
        this.open = open;
        this.training = training;
        this.reads = new Reread<>(background, this::load, this::show, onError::accept);
        poll.setCycleCount(Timeline.INDEFINITE);
        tree.setId("navigation");
        tree.setShowRoot(false);
        tree.setRoot(new TreeItem<>());
        tree.setCellFactory(t -> new NavCell());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!rebuilding && item != null && item.getValue() != null && item.getValue().target() != null) {
                open.accept(item.getValue().target(), false);
            }
        });
        tree.setOnKeyPressed(e -> {
            TreeItem<NavNode> item = tree.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && item != null && item.getValue().target() != null) {
                open.accept(item.getValue().target(), true);
                e.consume();
            }
        });
    }

    TreeView<NavNode> view() {
        return tree;
    }

    /** Whether the tree shows the workspace as read, not the section titles it shows before (JavaFX thread). */
    boolean read() {
        return read;
    }

    /** The target of the selected node, if it has one. */
    Optional<NavTarget> selectedTarget() {
        TreeItem<NavNode> item = tree.getSelectionModel().getSelectedItem();
        return item == null || item.getValue() == null ? Optional.empty() : Optional.ofNullable(item.getValue().target());
    }

    /** What the tree shows before the workspace is read: each section's title over a line saying it is being read. */
    void showPlaceholders() {
        show(registry.sections().stream().map(s -> new NavNode(s.title(), null, "section", "section:" + s.title(),
                List.of(NavNode.leaf("reading\u2026", null, "loading", "loading:" + s.title())))).toList());
    }

    /** Reads the tree now, and from then on while anything is live. */
    void start() {
        reload();
        poll.play();
    }

    void stop() {
        poll.stop();
    }

    void reload() {
        reads.request();
    }

    /** Every section's nodes, with whether any of them is still changing (a run queued or training). */
    private record TreeContents(List<NavNode> sections, boolean live) {
    }

    private TreeContents load() {
        List<NavNode> nodes = new ArrayList<>();
        boolean anyLive = false;
        for (NavigationSection s : registry.sections()) {
            try {
                NavNode n = s.load(workspace);
                nodes.add(n);
                anyLive |= s.live(n);
            } catch (IOException | RuntimeException e) {
                nodes.add(NavNode.leaf(s.title() + " (could not be read: " + ErrorText.of(e) + ")",
                        null, "error", "section-error:" + s.title()));
            }
        }
        return new TreeContents(nodes, anyLive);
    }

    private void show(TreeContents contents) {
        live = contents.live();
        read = true;
        show(contents.sections());
    }

    /** Shows the sections, keeping the items of those that did not change (with their expansion and selection). */
    private void show(List<NavNode> sections) {
        Set<String> expanded = new HashSet<>();
        collectExpanded(tree.getRoot(), expanded);
        TreeItem<NavNode> selected = tree.getSelectionModel().getSelectedItem();
        String selectedKey = selected == null || selected.getValue() == null ? null : selected.getValue().key();
        List<TreeItem<NavNode>> shown = tree.getRoot().getChildren();
        rebuilding = true;
        try {
            for (int i = 0; i < sections.size(); i++) {
                NavNode s = sections.get(i);
                if (i < shown.size() && s.equals(shown.get(i).getValue())) {
                    continue;
                }
                TreeItem<NavNode> item = item(s, expanded, true);
                if (i < shown.size()) {
                    shown.set(i, item);
                } else {
                    shown.add(item);
                }
            }
            shown.subList(Math.min(sections.size(), shown.size()), shown.size()).clear();
            TreeItem<NavNode> now = tree.getSelectionModel().getSelectedItem();
            if (selectedKey != null && (now == null || now.getValue() == null || !selectedKey.equals(now.getValue().key()))) {
                Optional<TreeItem<NavNode>> again = findItem(tree.getRoot(), selectedKey);
                if (again.isPresent()) {
                    tree.getSelectionModel().select(again.get());
                } else {
                    tree.getSelectionModel().clearSelection();
                }
            }
        } finally {
            rebuilding = false;
        }
    }

    /** Reads the tree again every few seconds while a run is queued or trains, here or in another process. */
    private void poll() {
        if ((live || training.getAsBoolean()) && !reads.reading()) {
            reload();
        }
    }

    private static TreeItem<NavNode> item(NavNode node, Set<String> expanded, boolean section) {
        TreeItem<NavNode> item = new TreeItem<>(node);
        for (NavNode c : node.children()) {
            item.getChildren().add(item(c, expanded, false));
        }
        item.setExpanded(section || expanded.contains(node.key()));
        return item;
    }

    private static void collectExpanded(TreeItem<NavNode> item, Set<String> out) {
        if (item == null) {
            return;
        }
        if (item.isExpanded() && item.getValue() != null) {
            out.add(item.getValue().key());
        }
        item.getChildren().forEach(c -> collectExpanded(c, out));
    }

    private static Optional<TreeItem<NavNode>> findItem(TreeItem<NavNode> item, String key) {
        if (item.getValue() != null && key.equals(item.getValue().key())) {
            return Optional.of(item);
        }
        for (TreeItem<NavNode> c : item.getChildren()) {
            Optional<TreeItem<NavNode>> f = findItem(c, key);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /** A tree cell with an icon for the kind of node; double-click opens the node in a tab of its own. */
    private final class NavCell extends TreeCell<NavNode> {
        private final Region icon = new Region();

        NavCell() {
            icon.getStyleClass().add("nav-icon");
            setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !isEmpty() && getItem() != null && getItem().target() != null) {
                    open.accept(getItem().target(), true);
                }
            });
        }

        @Override
        protected void updateItem(NavNode node, boolean empty) {
            super.updateItem(node, empty);
            getStyleClass().removeIf(c -> c.startsWith("nav-"));
            icon.getStyleClass().setAll("nav-icon");
            if (empty || node == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(node.text());
            icon.getStyleClass().add("icon-" + node.kind());
            getStyleClass().add("nav-" + node.kind());
            setGraphic(icon);
        }
    }
}

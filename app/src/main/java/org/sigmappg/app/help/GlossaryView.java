package org.sigmappg.app.help;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.sigmappg.app.navigation.GlossaryTarget;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;

/** Help > Glossary: every term of {@link Glossary} with its meaning, the one a "?" link asked for marked and in view. */
public final class GlossaryView implements WorkbenchView {
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Glossary");
    private final VBox box = new VBox(10);
    private final ScrollPane root = new ScrollPane(box);
    private final Map<String, VBox> entries = new LinkedHashMap<>();
    private GlossaryTarget target;

    public GlossaryView(GlossaryTarget target, WorkbenchContext context) {
        root.setFitToWidth(true);
        root.setId("glossary");
        box.setPadding(new Insets(10, 14, 14, 14));
        Label heading = new Label("Glossary");
        heading.getStyleClass().add("view-title");
        box.getChildren().add(heading);
        for (Glossary.Term t : Glossary.terms()) {
            Label name = new Label(t.name());
            name.getStyleClass().add("section-title");
            Label meaning = new Label(t.meaning());
            meaning.setWrapText(true);
            VBox entry = new VBox(2, name, meaning);
            entry.setId("glossary-" + t.key().replace(' ', '-'));
            entry.getStyleClass().add("glossary-entry");
            entries.put(t.key(), entry);
            box.getChildren().add(entry);
        }
        navigate(target);
    }

    /**
     * A "?" beside a figure: its tooltip says what the term means, and a click opens the glossary at it.
     *
     * @throws IllegalArgumentException for a term the glossary does not have
     */
    public static Hyperlink link(WorkbenchContext context, String term) {
        return link(context, term, "?");
    }

    /**
     * A row of links to the glossary, one per term, named as the views write them: {@code What these are: ICR · perplexity}.
     *
     * @throws IllegalArgumentException for a term the glossary does not have
     */
    public static HBox explain(WorkbenchContext context, String... terms) {
        HBox row = new HBox(2);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("glossary-row");
        Label what = new Label("What these are:");
        what.getStyleClass().add("form-note");
        row.getChildren().add(what);
        for (String term : terms) {
            row.getChildren().add(link(context, term, Glossary.term(term).map(Glossary.Term::name).orElse(term)));
        }
        return row;
    }

    private static Hyperlink link(WorkbenchContext context, String term, String text) {
        Glossary.Term t = Glossary.term(term).orElseThrow(() -> new IllegalArgumentException("the glossary has no term " + term));
        Hyperlink link = new Hyperlink(text);
        link.getStyleClass().add("glossary-link");
        link.setId("glossary-link-" + t.key().replace(' ', '-'));
        Tooltip tip = new Tooltip(t.name() + ": " + t.meaning());
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        link.setTooltip(tip);
        link.setOnAction(e -> context.open(new GlossaryTarget(t.key()), false));
        return link;
    }

    /** The term shown marked, or null. */
    public String marked() {
        return target.term();
    }

    @Override
    public boolean navigate(NavTarget newTarget) {
        if (!(newTarget instanceof GlossaryTarget g)) {
            return false;
        }
        target = g;
        entries.values().forEach(e -> e.getStyleClass().remove("glossary-marked"));
        VBox entry = g.term() == null ? null : entries.get(g.term());
        if (entry != null) {
            entry.getStyleClass().add("glossary-marked");
            // Scrolled to it once laid out, so that its position is known.
            javafx.application.Platform.runLater(() -> {
                double h = box.getHeight() - root.getViewportBounds().getHeight();
                root.setVvalue(h <= 0 ? 0 : Math.min(1, entry.getBoundsInParent().getMinY() / h));
            });
        }
        return true;
    }

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
}

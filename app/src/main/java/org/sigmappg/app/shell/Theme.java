package org.sigmappg.app.shell;

import java.net.URL;
import java.util.List;
import java.util.Objects;
import javafx.scene.Parent;
import javafx.scene.Scene;

/** The workbench's two looks, as style sheets from {@code ui-resources} ({@code org/sigmappg/ui/}). */
public enum Theme {
    LIGHT("light", "Light"),
    DARK("dark", "Dark");

    private static final String FOLDER = "/org/sigmappg/ui/";

    private final String id;
    private final String label;

    Theme(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** The theme named {@code id}, or light for anything else. */
    public static Theme of(String id) {
        return "dark".equals(id) ? DARK : LIGHT;
    }

    /** The style sheets of this theme: the shared layout first, then the theme's colours. */
    public List<String> stylesheets() {
        return List.of(url("workbench.css"), url(id + ".css"));
    }

    private static String url(String name) {
        URL u = Objects.requireNonNull(Theme.class.getResource(FOLDER + name), "missing style sheet " + FOLDER + name);
        return u.toExternalForm();
    }

    public void apply(Scene scene) {
        scene.getStylesheets().removeAll(LIGHT.stylesheets());
        scene.getStylesheets().removeAll(DARK.stylesheets());
        scene.getStylesheets().addAll(stylesheets());
    }

    /** Styles a node that lives in its own window (a dialog pane). */
    public void apply(Parent root) {
        root.getStylesheets().removeAll(LIGHT.stylesheets());
        root.getStylesheets().removeAll(DARK.stylesheets());
        root.getStylesheets().addAll(stylesheets());
    }
}

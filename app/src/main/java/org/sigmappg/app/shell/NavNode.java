package org.sigmappg.app.shell;

import java.util.List;
import org.sigmappg.app.navigation.NavTarget;

/**
 * One entry of the navigation tree, without JavaFX: its text, the target it opens (null for a plain folder),
 * a style class saying what kind of thing it is, and its children.
 *
 * @param kind style class of the tree cell ({@code section}, {@code dataset}, {@code subject}, {@code record},
 *        {@code run}, {@code task}, ...)
 * @param key identifies the node across refreshes, so expansion and selection survive them
 */
public record NavNode(String text, NavTarget target, String kind, String key, List<NavNode> children) {
    public NavNode {
        children = List.copyOf(children);
    }

    /** A node without children. */
    public static NavNode leaf(String text, NavTarget target, String kind, String key) {
        return new NavNode(text, target, kind, key, List.of());
    }
}

package org.sigmappg.app.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.app.navigation.NavTarget;

/**
 * Which view shows which kind of target, and which sections the navigation tree has. The main window asks
 * it for a view whenever a target is opened; a later view (runs, codes, masks, task dashboards) plugs in
 * with one {@link #register} call for its target type and, if it needs its own tree section, one
 * {@link #addSection}.
 */
public final class ViewRegistry {
    /** Creates the view for a target. */
    @FunctionalInterface
    public interface Factory<T extends NavTarget> {
        WorkbenchView create(T target, WorkbenchContext context);
    }

    private final Map<Class<? extends NavTarget>, Factory<? extends NavTarget>> factories = new LinkedHashMap<>();
    private final List<NavigationSection> sections = new ArrayList<>();

    /** Makes {@code factory} the view of targets of {@code type} (and of its subtypes without their own view). */
    public <T extends NavTarget> ViewRegistry register(Class<T> type, Factory<T> factory) {
        factories.put(type, factory);
        return this;
    }

    /** Appends a top-level section to the navigation tree. */
    public ViewRegistry addSection(NavigationSection section) {
        sections.add(section);
        return this;
    }

    public List<NavigationSection> sections() {
        return List.copyOf(sections);
    }

    /** Whether some view shows targets like {@code target}. */
    public boolean canShow(NavTarget target) {
        return factoryFor(target) != null;
    }

    /** A new view for {@code target}. */
    @SuppressWarnings("unchecked")
    public WorkbenchView create(NavTarget target, WorkbenchContext context) {
        Factory<NavTarget> f = (Factory<NavTarget>) factoryFor(target);
        if (f == null) {
            throw new IllegalArgumentException("no view is registered for " + target.getClass().getSimpleName());
        }
        return f.create(target, context);
    }

    private Factory<? extends NavTarget> factoryFor(NavTarget target) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            Factory<? extends NavTarget> f = factories.get(c);
            if (f != null) {
                return f;
            }
        }
        for (Map.Entry<Class<? extends NavTarget>, Factory<? extends NavTarget>> e : factories.entrySet()) {
            if (e.getKey().isInstance(target)) {
                return e.getValue();
            }
        }
        return null;
    }
}

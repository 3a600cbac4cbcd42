package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.run.Workspace;

class ViewRegistryTest {
    record CodesTarget(String run) implements NavTarget {
        @Override
        public String title() {
            return "codes " + run;
        }
    }

    record OtherTarget() implements NavTarget {
        @Override
        public String title() {
            return "other";
        }
    }

    /** A view that only remembers its target; enough to see which factory made it. */
    record StubView(NavTarget target) implements WorkbenchView {
        @Override
        public Node node() {
            return null;
        }

        @Override
        public ReadOnlyStringProperty titleProperty() {
            return new ReadOnlyStringWrapper(target.title()).getReadOnlyProperty();
        }
    }

    @Test
    void aLaterViewPlugsInWithOneRegistration() {
        ViewRegistry r = new ViewRegistry().register(CodesTarget.class, (t, c) -> new StubView(t));
        CodesTarget t = new CodesTarget("tok-0003");
        assertTrue(r.canShow(t));
        assertFalse(r.canShow(new OtherTarget()));
        WorkbenchView v = r.create(t, null);
        assertSame(t, v.target());
        assertEquals("CodesTarget:codes tok-0003", t.key());
        assertThrows(IllegalArgumentException.class, () -> r.create(new OtherTarget(), null));
    }

    @Test
    void sectionsKeepTheirOrder() {
        NavigationSection a = section("A");
        NavigationSection b = section("B");
        ViewRegistry r = new ViewRegistry().addSection(a).addSection(b);
        assertEquals(List.of(a, b), r.sections());
    }

    private static NavigationSection section(String title) {
        return new NavigationSection() {
            @Override
            public String title() {
                return title;
            }

            @Override
            public NavNode load(Workspace workspace) {
                return NavNode.leaf(title, null, "section", title);
            }
        };
    }
}

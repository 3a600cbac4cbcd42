package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowStateTest {
    @TempDir
    Path dir;

    @Test
    void savedStateIsReadBack() throws Exception {
        Path f = dir.resolve(WindowState.FILE);
        WindowState s = new WindowState(40, 60, 1600, 1000, true, 0.3, "dark");
        s.save(f);
        assertEquals(s, WindowState.load(f));
    }

    @Test
    void missingOrDamagedValuesTakeTheirDefaults() throws Exception {
        assertEquals(WindowState.DEFAULT, WindowState.load(dir.resolve("none.properties")));
        Path f = dir.resolve(WindowState.FILE);
        Files.writeString(f, "width=abc\nheight=50\ndivider=3\ntheme=purple\nx=10\n");
        WindowState s = WindowState.load(f);
        assertEquals(WindowState.DEFAULT.width(), s.width(), 0);
        assertEquals(WindowState.DEFAULT.height(), s.height(), 0, "too small to be a real window");
        assertEquals(WindowState.DEFAULT.divider(), s.divider(), 0);
        assertEquals("light", s.theme());
        assertEquals(10, s.x(), 0);
        assertTrue(Double.isNaN(s.y()));
    }
}

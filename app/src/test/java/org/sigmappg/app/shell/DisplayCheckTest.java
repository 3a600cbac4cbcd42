package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DisplayCheckTest {
    @Test
    void aLinuxServerWithoutDisplayIsRefusedWithAHint() {
        assertTrue(DisplayCheck.problem("Linux", "", Map.of()).orElseThrow().contains("xvfb-run"));
        assertTrue(DisplayCheck.problem("Linux", "", Map.of("DISPLAY", ":99")).isEmpty());
        assertTrue(DisplayCheck.problem("Linux", "", Map.of("WAYLAND_DISPLAY", "wayland-0")).isEmpty());
        assertTrue(DisplayCheck.problem("Linux", "Monocle", Map.of()).isEmpty(), "headless tests need no display");
        assertTrue(DisplayCheck.problem("Windows 11", "", Map.of()).isEmpty());
    }
}

package org.sigmappg.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sigmappg.run.Workspace;

class WorkbenchAppTest {
    @Test
    void workspaceFromTheArgumentsElseTheDefault() {
        assertEquals(Path.of("/data/ws"), WorkbenchApp.workspaceDirectory(List.of("--workspace", "/data/ws")));
        assertEquals(Path.of("/data/ws2"), WorkbenchApp.workspaceDirectory(List.of("--workspace=/data/ws2")));
        assertEquals(Workspace.defaultDirectory(), WorkbenchApp.workspaceDirectory(List.of()));
    }
}

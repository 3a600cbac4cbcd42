package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.sigmappg.io.ReadException;

class ErrorTextTest {
    @Test
    void ourMessagesAreShownAsWritten() {
        ReadException e = new ReadException(Path.of("a103l.hea"), "line 3", "unknown storage format 999; WFDB formats 8, 16 are supported");
        assertEquals("a103l.hea line 3: unknown storage format 999; WFDB formats 8, 16 are supported", ErrorText.of(e));
        assertEquals(ErrorText.of(e), ErrorText.of(new ExecutionException(new UncheckedIOException(e))));
        assertEquals("dataset name 'x y' is not allowed", ErrorText.of(new IllegalArgumentException("dataset name 'x y' is not allowed")));
    }

    @Test
    void systemExceptionsGetPlainWords() {
        assertEquals("file or folder not found: /nope", ErrorText.of(new NoSuchFileException("/nope")));
        String npe = ErrorText.of(new NullPointerException());
        assertEquals("unexpected problem (null pointer exception)", npe);
        assertFalse(npe.contains("java."), "no class names with packages");
    }

    @Test
    void causesAreListedWithoutStackFrames() {
        IOException e = new IOException("workspace database /w/workspace.db: disk I/O error", new IOException("No space left on device"));
        assertEquals(List.of("No space left on device"), ErrorText.causes(e));
        assertTrue(ErrorText.causes(new IOException("alone")).isEmpty());
    }
}

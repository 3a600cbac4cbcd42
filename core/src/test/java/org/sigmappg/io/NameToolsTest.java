package org.sigmappg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Control characters in names are written as escapes; everything else is left as it is. */
class NameToolsTest {
    @Test
    void controlCharactersBecomeReadableEscapes() {
        assertEquals("\\x1b[31mred\\x1b[0m\\x07", NameTools.printable("\u001b[31mred\u001b[0m\u0007"));
        assertEquals("two\\nlines\\r\\tand a tab", NameTools.printable("two\nlines\r\tand a tab"));
        assertEquals("nul\\x00 del\\x7f csi\\x9b", NameTools.printable("nul\u0000 del\u007f csi\u009b"));
    }

    @Test
    void textDirectionControlsAndLineSeparatorsAreEscaped() {
        assertEquals("invoice\\u202egpj.exe", NameTools.printable("invoice\u202egpj.exe"));
        assertEquals("a\\u2028b\\u2066c\\u200f", NameTools.printable("a\u2028b\u2066c\u200f"));
    }

    @Test
    void ordinaryNamesAreLeftAsTheyAre() {
        String name = "Sujet_01 é 中文 C:\\data\\rec.hea ~/ppg-bp (2).csv";
        assertSame(name, NameTools.printable(name), "nothing to escape: the same string");
        assertNull(NameTools.printable(null));
    }

    @Test
    void aReadErrorNamesItsFileWithTheControlsEscaped() {
        ReadException e = new ReadException(Path.of("/data/\u001b]0;owned\u0007rec.hea"), "line 2", "bad");
        assertEquals("/data/\\x1b]0;owned\\x07rec.hea line 2: bad", e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl));
    }
}

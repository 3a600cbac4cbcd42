package org.sigmappg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageToolsTest {
    @Test
    void shortTextIsQuotedAsItIs() {
        assertEquals("'PLETH [NU]'", MessageTools.quote("PLETH [NU]"));
    }

    @Test
    void longTextKeepsItsFirstCharactersUpToTheLimit() {
        String cell = "7".repeat(200_000);
        String quoted = MessageTools.quote(cell);
        assertEquals("'" + "7".repeat(MessageTools.MAX_QUOTED - 3) + "...'", quoted);
        assertEquals(MessageTools.MAX_QUOTED + 2, quoted.length());
    }

    @Test
    void controlCharactersAreShownAsTheirCodes() {
        assertEquals("'a\\x1B[2Jb\\x07\\x0A'", MessageTools.quote("a\u001B[2Jb\u0007\n"));
    }

    @Test
    void aLongListNamesItsFirstItemsAndCountsTheRest() {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            columns.add("c" + i);
        }
        assertEquals("'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12' and 988 more",
                MessageTools.list(columns));
        assertEquals("'time', 'ppg'", MessageTools.list(List.of("time", "ppg")));
    }
}

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

    @Test
    void messagesThatSayTheSameOfSeveralNamesAreToldOnce() {
        List<String> coverage = new ArrayList<>();
        for (String label : List.of("HR", "PULSE", "RESP", "SpO2")) {
            coverage.add("bidmc_01_Signals.csv: label " + label + " covers 0.0-379.0 s of a 480.0 s recording; windows outside it have no " + label);
        }
        coverage.add("bidmc_02_Signals.csv: label HR covers 0.0-300.0 s of a 480.0 s recording; windows outside it have no HR");
        coverage.add("bidmc_02_Signals.csv: label RESP covers 0.0-300.0 s of a 480.0 s recording; windows outside it have no RESP");
        coverage.add("rate adjusted");
        coverage.add("rate adjusted");
        assertEquals(List.of(
                "bidmc_01_Signals.csv: label HR covers 0.0-379.0 s of a 480.0 s recording; windows outside it have no HR (the same for PULSE, "
                        + "RESP and SpO2)",
                "bidmc_02_Signals.csv: label HR covers 0.0-300.0 s of a 480.0 s recording; windows outside it have no HR (the same for RESP)",
                "rate adjusted"), MessageTools.grouped(coverage));
    }

    @Test
    void messagesThatDifferInANumberOrInTwoNamesStayApart() {
        List<String> apart = List.of("a.csv: label HR covers 0.0-379.0 s", "a.csv: label HR covers 0.0-300.0 s",
                "a.csv: label HR covers 0.0-379.0 s of PLETH", "b.csv: label SpO2 covers 0.0-379.0 s of RED",
                "c.csv: 3 values flagged", "c.csv: 4 values flagged");
        assertEquals(apart, MessageTools.grouped(apart));
    }
}

package org.sigmappg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvToolsTest {

    @Test
    void quotesOnlyWhatWouldSplitAFieldAndDoublesItsQuotes() {
        assertEquals("S01", CsvTools.field("S01"));
        assertEquals("", CsvTools.field(null));
        assertEquals("\"a,b\"", CsvTools.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvTools.field("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvTools.field("two\nlines"));
        assertEquals("\"cr\rhere\"", CsvTools.field("cr\rhere"));
    }
}

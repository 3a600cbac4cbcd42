package org.sigmappg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingTest {

    /** The catalogue stores annotations as JSON in this order: the same record must give the same text every import. */
    @Test
    void annotationsKeepTheReadersOrder() {
        Map<String, String> read = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 20; i > 0; i--) {
            read.put("comment." + i, "value " + i);
            order.add("comment." + i);
        }
        Recording r = new Recording("r", Path.of("r.hea"), null, List.of(), List.of(), read);
        assertEquals(order, List.copyOf(r.annotations().keySet()));
        read.put("later", "x");
        assertEquals(20, r.annotations().size(), "a copy, not a view");
        assertThrows(UnsupportedOperationException.class, () -> r.annotations().put("k", "v"));
    }
}

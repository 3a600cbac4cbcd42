package org.sigmappg.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
    @Test
    void numbersInNamesSortByValue() {
        List<String> names = new ArrayList<>(List.of("S10", "S2", "100", "10", "9", "s1", "3269321_0002", "3269321_0001", "a103l", "007"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("007", "9", "10", "100", "3269321_0001", "3269321_0002", "a103l", "s1", "S2", "S10"), names);
    }
}

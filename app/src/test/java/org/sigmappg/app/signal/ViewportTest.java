package org.sigmappg.app.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ViewportTest {
    @Test
    void zoomKeepsTheAnchorInPlace() {
        Viewport v = new Viewport(0, 600, 0.5);
        assertTrue(v.isFull());
        double anchor = 150;
        double before = (anchor - v.start()) / v.span();
        assertTrue(v.zoom(4, anchor));
        assertEquals(150, v.span(), 1e-9);
        assertEquals(before, (anchor - v.start()) / v.span(), 1e-12);
        assertFalse(v.isFull());
    }

    @Test
    void zoomStopsAtTheMinimumSpanAndTheWholeRecording() {
        Viewport v = new Viewport(0, 600, 0.5);
        v.zoom(1e9, 300);
        assertEquals(0.5, v.span(), 1e-12);
        v.zoom(1e-9, 300);
        assertEquals(0, v.start(), 0);
        assertEquals(600, v.end(), 0);
        assertFalse(v.zoom(0.5, 300), "already showing everything");
    }

    @Test
    void panStopsAtTheEnds() {
        Viewport v = new Viewport(0, 100, 0.5);
        v.set(10, 20);
        v.pan(-50);
        assertEquals(0, v.start(), 0);
        assertEquals(10, v.span(), 1e-12);
        v.pan(1000);
        assertEquals(100, v.end(), 0);
        assertEquals(90, v.start(), 1e-12);
    }

    @Test
    void setClampsAndResetShowsAll() {
        Viewport v = new Viewport(0, 100, 1);
        v.set(-5, 3);
        assertEquals(0, v.start(), 0);
        assertEquals(8, v.end(), 0);
        v.set(50, 50.2);
        assertEquals(1, v.span(), 1e-12);
        v.reset();
        assertTrue(v.isFull());
        assertEquals(25, v.timeAt(250, 1000), 1e-12);
    }
}

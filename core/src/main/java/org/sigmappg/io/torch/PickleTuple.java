package org.sigmappg.io.torch;

import java.util.AbstractList;
import java.util.RandomAccess;

/** A Python tuple: an unmodifiable list that the text form writes with parentheses. */
final class PickleTuple extends AbstractList<Object> implements RandomAccess {
    static final PickleTuple EMPTY = new PickleTuple(new Object[0]);

    private final Object[] items;

    PickleTuple(Object[] items) {
        this.items = items;
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}

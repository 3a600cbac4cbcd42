package org.sigmappg.io.torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inert stand-in for an object of a class the reader does not build ({@code argparse.Namespace}, an
 * optimizer, a numpy scalar, any user class): its class name and, as plain data, what the pickle would
 * have passed to it (constructor arguments, state, items). Nothing of the class is ever run.
 */
public final class PickledObject {
    private final PickledGlobal type;
    private final List<Object> arguments;
    private Object state;
    private final Map<Object, Object> entries = new LinkedHashMap<>();
    private final List<Object> items = new ArrayList<>();

    PickledObject(PickledGlobal type, List<Object> arguments) {
        this.type = type;
        this.arguments = arguments;
    }

    /** The class (or function, for a call the reader did not make), e.g. {@code argparse.Namespace}. */
    public PickledGlobal type() {
        return type;
    }

    /** The arguments the pickle would have passed to the class or function. */
    public List<Object> arguments() {
        return arguments;
    }

    /** The state the pickle would have set ({@code __setstate__} or {@code __dict__}), or null. */
    public Object state() {
        return state;
    }

    /**
     * The object's attributes when its state is a dict with string keys, as for {@code argparse.Namespace}
     * and most plain Python classes; empty otherwise.
     */
    public Map<String, Object> attributes() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (state instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return Map.of();
                }
                attributes.put(key, e.getValue());
            }
        }
        return Collections.unmodifiableMap(attributes);
    }

    /** Key-value pairs the pickle added, for a subclass of dict. */
    public Map<Object, Object> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Items the pickle appended, for a subclass of list. */
    public List<Object> items() {
        return Collections.unmodifiableList(items);
    }

    void setState(Object state) {
        this.state = state;
    }

    void putEntry(Object key, Object value) {
        entries.put(key, value);
    }

    void addItem(Object item) {
        items.add(item);
    }

    /** The Python-like text of {@link TorchCheckpoint#toText}, e.g. {@code Namespace(lr=0.001, epochs=3)}. */
    @Override
    public String toString() {
        return PythonText.of(this);
    }
}

package org.sigmappg.io.torch;

/**
 * A class or function a pickle names ({@code module.name}), kept as a name: the reader never imports or
 * calls it. Python 2 module names are given their Python 3 spelling ({@code __builtin__} as {@code builtins}).
 */
public record PickledGlobal(String module, String name) {
    /** The dotted name, as in {@code argparse.Namespace}. */
    public String qualifiedName() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}

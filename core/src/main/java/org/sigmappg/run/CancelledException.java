package org.sigmappg.run;

/** Thrown by long work that stopped because its {@link ProgressMonitor} was cancelled. */
public class CancelledException extends RuntimeException {
    public CancelledException(String what) {
        super(what + " was cancelled");
    }
}

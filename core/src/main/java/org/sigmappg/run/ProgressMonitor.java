package org.sigmappg.run;

/**
 * How long work reports to whoever started it (a progress bar on the command line, a status bar in the
 * workbench) and learns that it should stop. Implementations must be cheap and thread-safe.
 */
public interface ProgressMonitor {
    /** Starts a phase of {@code totalWork} units (or -1 when unknown). */
    void begin(String phase, long totalWork);

    /** Reports that {@code units} more units of the current phase are done. */
    void worked(long units);

    /** A short human line about what is happening now (file name, loss, ...). */
    void message(String text);

    /** Whether the user asked to stop; long work checks this between steps and stops cleanly. */
    boolean isCancelled();

    /** A monitor that shows nothing and never cancels. */
    ProgressMonitor NONE = new ProgressMonitor() {
        @Override
        public void begin(String phase, long totalWork) {
        }

        @Override
        public void worked(long units) {
        }

        @Override
        public void message(String text) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}

package org.sigmappg.app.signal;

import org.sigmappg.app.shell.NavTarget;

/** One record of a dataset, shown in the signal explorer. */
public record RecordTarget(String dataset, String record) implements NavTarget {
    @Override
    public String title() {
        return record + " \u00b7 " + dataset;
    }

    @Override
    public String key() {
        return "record:" + dataset + "/" + record;
    }
}

package org.sigmappg.app.navigation;


/**
 * One record of a dataset, shown in the signal explorer; optionally with what to show of it: a time range and
 * a tokenizer run's codes with one code highlighted (a code's occurrence in the Codes view), or a pre-training
 * run's masks.
 */
public record RecordTarget(String dataset, String record, Focus focus) implements NavTarget {
    /**
     * What to show when the record opens (or when its open tab is asked to show it).
     *
     * @param from start of the time range in seconds, and {@code to} its end
     * @param codesRun tokenizer run whose code band to show, or null
     * @param code code to highlight, or -1
     * @param masksRun pre-training run whose mask band to show, or null
     */
    public record Focus(double from, double to, String codesRun, int code, String masksRun) {
    }

    public RecordTarget(String dataset, String record) {
        this(dataset, record, null);
    }

    @Override
    public String title() {
        return record + " \u00b7 " + dataset;
    }

    @Override
    public String key() {
        return "record:" + dataset + "/" + record;
    }
}

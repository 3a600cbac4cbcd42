package org.sigmappg.app.navigation;


/** The codes a tokenizer run assigned to the patches of a dataset it tokenized. */
public record CodesTarget(String run, String dataset) implements NavTarget {
    @Override
    public String title() {
        return "codes " + run + " \u00b7 " + dataset;
    }

    @Override
    public String key() {
        return "codes:" + run + ":" + dataset;
    }
}

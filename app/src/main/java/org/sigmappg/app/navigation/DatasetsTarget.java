package org.sigmappg.app.navigation;


/**
 * The catalogue, optionally with one dataset selected and its records filtered (a subject's node opens the
 * dataset filtered to that subject).
 *
 * @param dataset the dataset to select, or null for the catalogue as a whole
 * @param filter text for the record and subject filter, or null
 */
public record DatasetsTarget(String dataset, String filter) implements NavTarget {
    /** The whole catalogue. */
    public static DatasetsTarget catalogue() {
        return new DatasetsTarget(null, null);
    }

    @Override
    public String title() {
        return dataset == null ? "Datasets" : dataset;
    }

    @Override
    public String key() {
        return "datasets:" + (dataset == null ? "" : dataset) + (filter == null ? "" : "/" + filter);
    }
}

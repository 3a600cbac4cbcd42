package org.sigmappg.eval;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.run.RunStore;

/**
 * Whether a backbone saw the evaluated recordings in pre-training, decided by the recordings' content hashes (or, for
 * records imported before those were kept, by the dataset's name or content hash).
 *
 * @param shared evaluated records whose recordings the backbone's pre-training dataset also holds
 * @param records the evaluated dataset's records
 * @param basis how it was decided, for the report
 */
record Transduction(boolean transductive, int shared, int records, String basis) {
    static final Transduction NONE = new Transduction(false, 0, 0, null);
                                                      
                                                      /**
                                                      * Whether {@code backbone} was pre-trained on recordings of {@code evaluated}. The pre-training dataset is the one
                                                      * whose content hash the run recorded (found under any name); it and the evaluated dataset share a recording when
                                                      * two of their records have the same content hash ({@link RecordInfo#contentHash()}). Where that cannot be decided
                                                      * (the pre-training dataset was deleted or re-imported, or records imported before content hashes were kept), the
                                                      * same content hash or name as the evaluated dataset counts, as it did before.
                                                      */
                                                      static Transduction of(RunStore runs, Catalogue catalogue, BackboneSource backbone, DatasetInfo evaluated) throws IOException {
        if (backbone == null || !backbone.isPretrained() || backbone.pretrainDataset() == null) {
            return NONE;
        }
        String hash = runs.require(backbone.run()).datasetHash();
        List<RecordInfo> records = catalogue.records(evaluated.id());
        DatasetInfo pretrainedOn = null;
        for (DatasetInfo d : catalogue.datasets()) {
            if (d.manifestHash().equals(hash) && (pretrainedOn == null || d.name().equals(backbone.pretrainDataset()))) {
                pretrainedOn = d;
            }
        }
        if (pretrainedOn != null) {
            Set<String> seen = new HashSet<>();
            boolean complete = true;
            for (RecordInfo r : catalogue.records(pretrainedOn.id())) {
                complete &= r.contentHash() != null;
                seen.add(r.contentHash());
            }
            complete &= records.stream().allMatch(r -> r.contentHash() != null);
            if (complete) {
                int shared = (int) records.stream().filter(r -> seen.contains(r.contentHash())).count();
                // The dataset may be in the workspace under another name than the run recorded (a bundled run, a re-import).
                String known = pretrainedOn.name().equals(backbone.pretrainDataset()) ? "" : " (here " + pretrainedOn.name() + ")";
                String basis = pretrainedOn.name().equals(evaluated.name()) ? "the dataset evaluated here"
                        : String.format(Locale.ROOT, "%swhose recordings include %d of the %d evaluated here (the same content)",
                        known.isEmpty() ? "" : known.strip() + ", ", shared, records.size());
                return new Transduction(shared > 0, shared, records.size(), shared > 0 ? basis
                        : "its pre-training recordings (" + backbone.pretrainDataset() + known + ") share none with the dataset evaluated "
                        + "here, by their content");
            }
        }
        boolean same = hash != null && hash.equals(evaluated.manifestHash()) || evaluated.name().equals(backbone.pretrainDataset());
        return new Transduction(same, same ? records.size() : 0, records.size(), same ? "the dataset evaluated here (by its "
                + (hash != null && hash.equals(evaluated.manifestHash()) ? "content hash" : "name") + ")"
                : pretrainedOn == null ? "whether its pre-training dataset " + backbone.pretrainDataset() + " shared recordings with this one "
                + "cannot be checked: that dataset is no longer in the workspace as it was" : null);
    }
}

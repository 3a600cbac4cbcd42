package org.sigmappg.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Built-in recipes for public PPG datasets, with their documented rates, subjects and labels, so that
 * importing them needs no options.
 */
final class KnownLayouts {
    private KnownLayouts() {
    }

    /**
     * PPG-BP (Liang et al. 2018): per segment one TAB-separated row at 1000 Hz named SUBJECT_SEGMENT.txt,
     * subject labels in "PPG-BP dataset.xlsx" (title row, then the header row).
     */
    static ImportRecipe ppgBp(boolean inSubfolder) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("SBP", "Systolic Blood Pressure(mmHg)");
        columns.put("DBP", "Diastolic Blood Pressure(mmHg)");
        columns.put("HR", "Heart Rate(b/m)");
        columns.put("Hypertension", "Hypertension");
        columns.put("Diabetes", "Diabetes");
        columns.put("Age", "Age(year)");
        columns.put("Sex", "Sex(M/F)");
        columns.put("BMI", "BMI(kg/m^2)");
        String files = inSubfolder ? "0_subject/*_*.txt" : "*_*.txt";
        return new ImportRecipe(1, "ppg-bp", "PPG-BP (Liang et al. 2018): finger PPG at 1000 Hz, 2.1 s segments, BP labels",
                List.of(files), List.of(), 1000.0, null, null, null, null, null, "(?:^|/)(\\d+)_\\d+\\.txt$", null, null,
                new ImportRecipe.SubjectTable("PPG-BP dataset.xlsx", null, "subject_ID", columns), null);
    }

    /** BIDMC (Pimentel et al. 2017): bidmc_NN_Signals.csv at 125 Hz with PLETH; 1 Hz numerics when present. */
    static ImportRecipe bidmc() {
        return new ImportRecipe(1, "bidmc", "BIDMC PPG and respiration (Pimentel et al. 2017), 125 Hz",
                List.of("**bidmc_*_Signals.csv", "bidmc_*_Signals.csv"), List.of(), null, "PLETH", null, null, null, null, null,
                "bidmc_(\\d+)_Signals", null, null,
                new ImportRecipe.LabelFiles("bidmc_{subject}_Numerics.csv", null, null, null, null, null, true), null, null, null, null);
    }

    /** CSV files whose names state their rate (NeuroKit's bio_resting_5min_100hz.csv); PPG column. */
    static ImportRecipe rateInName(double fs) {
        return new ImportRecipe(1, "neurokit", "CSV recordings at the rate in their names (" + fs + " Hz)",
                List.of("**_*hz.csv", "*_*hz.csv"), List.of(), fs, "PPG", null, null, null, null, null, null, null, null, null);
    }
}

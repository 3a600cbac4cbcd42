package org.sigmappg.train;

import com.google.gson.Gson;
import org.sigmappg.model.StudentParams;

/**
 * What an imported-weights run records about where its student came from.
 *
 * @param version version of this record's layout ({@link #VERSION})
 * @param name a label given at import, or null
 * @param source the imported file's name (its folder is not kept: it may hold a user name)
 * @param sha256 the imported file's SHA-256
 * @param format {@code pytorch} ({@code torch.save}) or {@code safetensors}
 * @param location where the state dict sat in the file, e.g. {@code checkpoint['model']}
 * @param args the checkpoint's own training arguments as Python prints them, or null
 * @param model the student the weights describe (read off their shapes)
 */
public record ImportedWeightsParams(int version, String name, String source, String sha256, String format, String location, String args,
                                    StudentParams model) {
    public static final int VERSION = 1;

    public ImportedWeightsParams {
        if (version != VERSION) {
            throw new IllegalArgumentException("imported-weights parameters of version " + version + " cannot be read by this build, which reads "
                    + "version " + VERSION);
        }
    }

    public String toJson() {
        return new Gson().toJson(this);
    }

    public static ImportedWeightsParams fromJson(String json) {
        return new Gson().fromJson(json, ImportedWeightsParams.class);
    }
}

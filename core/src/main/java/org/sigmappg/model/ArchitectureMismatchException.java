package org.sigmappg.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** A checkpoint was written by a different architecture than the block it is being loaded into. */
public final class ArchitectureMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArchitectureMismatchException(Path file, String fileKind, String fileArchitecture, String modelKind,
                                         String modelArchitecture) {
        super(file + ": the checkpoint holds a " + fileKind + " with architecture " + fileArchitecture
                + ", but the model to load into is a " + modelKind + " with architecture " + modelArchitecture
                + differences(fileArchitecture, modelArchitecture)
                + ". Build the model from the checkpoint's recorded parameters (the header ModelCheckpoint.verify returns) or "
                + "choose a checkpoint written by this architecture.");
    }

    private static String differences(String fileArchitecture, String modelArchitecture) {
        List<String> diffs = new ArrayList<>();
        try {
            diff("", JsonParser.parseString(fileArchitecture), JsonParser.parseString(modelArchitecture), diffs);
        } catch (RuntimeException unreadable) {
            return "";
        }
        return diffs.isEmpty() ? "" : " (differs in " + String.join(", ", diffs) + ")";
    }

    private static void diff(String path, JsonElement a, JsonElement b, List<String> out) {
        if (a != null && b != null && a.isJsonObject() && b.isJsonObject()) {
            JsonObject oa = a.getAsJsonObject();
            JsonObject ob = b.getAsJsonObject();
            TreeSet<String> keys = new TreeSet<>();
            oa.entrySet().stream().map(Map.Entry::getKey).forEach(keys::add);
            ob.entrySet().stream().map(Map.Entry::getKey).forEach(keys::add);
            for (String key : keys) {
                diff(path.isEmpty() ? key : path + "." + key, oa.get(key), ob.get(key), out);
            }
        } else if (!Objects.equals(a, b)) {
            out.add(path + ": " + a + " in the checkpoint, " + b + " in the model");
        }
    }
}

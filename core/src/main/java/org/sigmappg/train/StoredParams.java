package org.sigmappg.train;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.List;

/**
 * Reads a training run's stored parameters of any layout this build knows: version 1 kept the run's own settings
 * (dataset, seed, held-out share and unit, device) at the top; version 2 keeps them in one {@link RunSettings}.
 */
final class StoredParams {
    static final int VERSION = 2;
    private static final List<String> RUN_FIELDS = List.of("dataset", "seed", "heldOutFraction", "heldOutBy", "device");
    private static final Gson GSON = new Gson();

    private StoredParams() {
    }

    static <T> T read(String json, Class<T> type, String what) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(what + " parameters are not a JSON object: " + e.getMessage(), e);
        }
        int version = o.has("version") ? o.get("version").getAsInt() : 0;
        if (version == 1) {
            JsonObject run = new JsonObject();
            for (String f : RUN_FIELDS) {
                JsonElement v = o.remove(f);
                if (v != null) {
                    run.add(f, v);
                }
            }
            o.add("run", run);
            o.addProperty("version", VERSION);
        } else if (version != VERSION) {
            throw new IllegalArgumentException(what + " parameters of version " + version + " are not readable by this build, which reads "
                    + "versions 1 and " + VERSION);
        }
        return GSON.fromJson(o, type);
    }
}

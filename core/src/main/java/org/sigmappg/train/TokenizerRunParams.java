package org.sigmappg.train;

import com.google.gson.Gson;
import java.util.Locale;
import org.sigmappg.model.TokenizerParams;

/**
 * Everything a tokenizer run was asked to do: the run's own settings (dataset, seed, held-out share and unit,
 * device), the size preset and the full model and optimiser record (every METHOD.md hyper-parameter is a named
 * field of it). Stored as JSON; layouts of version 1 still read ({@link #fromJson}).
 */
public record TokenizerRunParams(int version, RunSettings run, String size, TokenizerParams model) implements WithRunSettings {
    public static final int VERSION = StoredParams.VERSION;

    public TokenizerRunParams {
        if (run == null || model == null) {
            throw new IllegalArgumentException("tokenizer run parameters need the run's settings and a model");
        }
    }

    /** The defaults of a new run of preset {@code size}: no dataset yet, {@link RunSettings#defaults()}, the preset's model. */
    public static TokenizerRunParams defaults(String size) {
        return new TokenizerRunParams(VERSION, RunSettings.defaults(), size.toLowerCase(Locale.ROOT), preset(size));
    }

    /** The preset of that name: tiny, base or pro. */
    public static TokenizerParams preset(String size) {
        return switch (size.toLowerCase(Locale.ROOT)) {
            case "tiny" -> TokenizerParams.tiny();
            case "base" -> TokenizerParams.base();
            case "pro" -> TokenizerParams.pro();
            default -> throw new IllegalArgumentException("unknown size '" + size + "'; choose tiny, base or pro");
        };
    }

    public String toJson() {
        return new Gson().toJson(this);
    }

    public static TokenizerRunParams fromJson(String json) {
        return StoredParams.read(json, TokenizerRunParams.class, "tokenizer run");
    }
}

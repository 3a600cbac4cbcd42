package org.sigmappg.train;

import com.google.gson.Gson;
import java.util.Locale;
import org.sigmappg.model.TokenizerParams;

/**
 * Everything a tokenizer run was asked to do: the dataset, the size preset and the full model and
 * optimiser record (every METHOD.md hyper-parameter is a named field of it), the seed, the share of
 * windows held out for the index consistency rate and how they are chosen ({@code window} or
 * {@code subject}), and the device.
 */
public record TokenizerRunParams(int version, String dataset, String size, TokenizerParams model, long seed,
                                 double heldOutFraction, String heldOutBy, String device) {
    public static final int VERSION = 1;

    public TokenizerRunParams {
        TrainingWindows.HeldOutBy.parse(heldOutBy);
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + heldOutFraction);
        }
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
        return new Gson().fromJson(json, TokenizerRunParams.class);
    }
}

package org.sigmappg.app.navigation;


/** The engine panel: which engine and device are in use, and how to switch to the CUDA flavour of PyTorch. */
public record EngineTarget() implements NavTarget {
    @Override
    public String title() {
        return "Engine and GPU";
    }

    @Override
    public String key() {
        return "engine";
    }
}

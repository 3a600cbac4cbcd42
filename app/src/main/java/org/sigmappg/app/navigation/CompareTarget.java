package org.sigmappg.app.navigation;


/** Two runs side by side: their parameters, differences highlighted, and their curves overlaid. */
public record CompareTarget(String first, String second) implements NavTarget {
    @Override
    public String title() {
        return first + " vs " + second;
    }

    @Override
    public String key() {
        return "compare:" + first + ":" + second;
    }
}

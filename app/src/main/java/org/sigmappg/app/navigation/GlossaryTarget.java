package org.sigmappg.app.navigation;

/** The glossary, scrolled to {@code term} (a {@link org.sigmappg.app.help.Glossary} key), or from the top when it is null. */
public record GlossaryTarget(String term) implements NavTarget {
    @Override
    public String title() {
        return "Glossary";
    }

    @Override
    public String key() {
        return "glossary";
    }
}

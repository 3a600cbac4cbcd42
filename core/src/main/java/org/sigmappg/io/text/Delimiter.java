package org.sigmappg.io.text;

/** How the cells of a delimited text file are separated, as detected from its first lines. */
public enum Delimiter {
    COMMA(','),
    TAB('\t'),
    SEMICOLON(';'),
    /** Runs of spaces or tabs, as in column-aligned exports. */
    WHITESPACE(' '),
    /** One value per line. */
    NONE('\n');

    private final char character;

    Delimiter(char character) {
        this.character = character;
    }

    char character() {
        return character;
    }

    /** Whether a comma inside a cell is a decimal comma ("12,5"): only where commas do not separate cells. */
    boolean allowsDecimalComma() {
        return this == SEMICOLON || this == TAB || this == NONE;
    }
}

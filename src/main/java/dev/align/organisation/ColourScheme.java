package dev.align.organisation;

/** How a person wants Align's pages drawn. */
public enum ColourScheme {
    LIGHT,
    DARK
}

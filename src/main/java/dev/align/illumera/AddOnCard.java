package dev.align.illumera;

/** What the Illumera card shows: its state, a headline and what the person can do next. */
public record AddOnCard(CardState state, String headline, String detail) {
}

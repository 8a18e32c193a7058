package dev.align.illumera;

/** The states of the Illumera card on Settings → Add-ons (more arrive with the connection issue). */
public enum CardState {
    NOT_INCLUDED,
    NOT_CONNECTED
}

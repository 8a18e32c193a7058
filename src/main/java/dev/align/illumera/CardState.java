package dev.align.illumera;

/** The states of the Illumera card on Settings → Add-ons. */
public enum CardState {
    NOT_INCLUDED,
    NOT_CONNECTED,
    CONNECTED,
    KEY_EXPIRING,
    KEY_EXPIRED
}
